// The keyword map works without this file; with it, changing a filter applies it at once.
"use strict";
(function () {
  const form = document.querySelector("form.market-filters");
  if (!form) return;
  for (const select of form.querySelectorAll("select")) {
    select.addEventListener("change", () => form.requestSubmit());
  }
})();
