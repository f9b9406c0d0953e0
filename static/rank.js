// Ranking with progress. The page works without this file (one POST with every file); with it,
// the single document is read once, then each of the many is scored on its own, two at a time,
// and the table fills and re-sorts as results arrive. A file that fails gets its error in its row.
"use strict";
(function () {
  const form = document.querySelector("form.rank");
  if (!form || !window.fetch || !window.FormData) return;

  const IN_FLIGHT = 2;
  const CSV_COLUMNS = ["rank", "label", "score", "similarity", "matched", "missing", "top_gaps", "error"];
  const mode = form.dataset.mode;
  const single = mode === "resumes" ? "posting" : "resume";
  const many = mode === "resumes" ? "resume" : "posting";

  const progressBox = document.querySelector(".rank-progress");
  const progressBar = progressBox.querySelector("progress");
  const progressText = progressBox.querySelector(".progress-text");
  const errorBox = document.querySelector(".rank-error");
  const section = document.querySelector("section.ranking");
  const tbody = section.querySelector("tbody");
  const template = document.getElementById("rank-row-template");
  const reportForm = document.getElementById("report-form");
  const jsExport = section.querySelector(".export-js");
  const submit = form.querySelector("button[type=submit]");

  let results = [];
  let singleText = "";

  function band(score) {
    return score >= 70 ? "high" : score >= 40 ? "mid" : "low";
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }

  function errorMessage(body, status) {
    if (body && body.error && body.error.message) return body.error.message;
    return "The server answered " + status + ".";
  }

  async function post(url, data) {
    let response;
    try {
      response = await fetch(url, { method: "POST", body: data, credentials: "same-origin" });
    } catch (err) {
      return { ok: false, status: 0, body: null, message: "The server could not be reached." };
    }
    let body = null;
    try {
      body = await response.json();
    } catch (err) {
      body = null;
    }
    const message = response.ok ? "" : errorMessage(body, response.status);
    return { ok: response.ok, status: response.status, body: body, message: message };
  }

  // The many documents: files (and, for postings, pasted texts split by a line of ---).
  function collectItems() {
    const items = [];
    const files = form.elements[many + "s"].files;
    for (const file of files) items.push({ label: file.name, file: file });
    const pasted = form.elements["postings_text"];
    if (pasted && pasted.value.trim()) {
      const parts = pasted.value.split(/^[ \t]*-{3,}[ \t]*$/m).map((p) => p.trim()).filter(Boolean);
      parts.forEach((text, i) => {
        const first = text.split("\n").find((l) => l.trim()) || "Untitled posting";
        items.push({ label: i + 1 + ". " + first.trim().slice(0, 79), text: text });
      });
    }
    return items;
  }

  function compare(a, b) {
    if (!!a.error !== !!b.error) return a.error ? 1 : -1;
    if (!a.error && a.score !== b.score) return b.score - a.score;
    if (!a.error && a.similarity !== b.similarity) return b.similarity - a.similarity;
    return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
  }

  function render() {
    results.sort(compare);
    let rank = 0;
    const rows = results.map((r) => {
      r.rank = r.error ? null : ++rank;
      return buildRow(r);
    });
    tbody.replaceChildren(...rows);
  }

  function buildRow(r) {
    const tr = template.content.firstElementChild.cloneNode(true);
    tr.querySelector(".rank").textContent = r.rank || "–";
    tr.querySelector(".label").textContent = r.label;
    const gaps = tr.querySelector(".gaps");
    if (r.error) {
      tr.classList.add("failed");
      tr.querySelector(".score").textContent = "–";
      tr.querySelector(".similarity").textContent = "–";
      tr.querySelector(".tally").textContent = "–";
      const span = document.createElement("span");
      span.className = "row-error";
      span.textContent = r.error;
      gaps.replaceChildren(span);
      tr.querySelector(".report").replaceChildren();
      return tr;
    }
    const pill = tr.querySelector(".score-pill");
    pill.textContent = Math.round(r.score);
    pill.classList.add(band(r.score));
    const svg = tr.querySelector("svg.bar");
    svg.classList.add(band(r.score));
    svg.querySelector("rect.value").setAttribute("width", Math.min(100, Math.max(0, r.score)).toFixed(1));
    tr.querySelector(".similarity").textContent = Math.round(r.similarity * 100) + "%";
    tr.querySelector(".n.matched").textContent = r.matched;
    tr.querySelector(".n.missing").textContent = r.missing;
    if (r.top_gaps.length) {
      gaps.textContent = r.top_gaps.join(", ");
    } else {
      const none = document.createElement("span");
      none.className = "hint";
      none.textContent = "none";
      gaps.replaceChildren(none);
    }
    const button = tr.querySelector(".report button");
    button.addEventListener("click", () => openReport(r.item));
    button.setAttribute("aria-label", "Full report for " + r.label);
    return tr;
  }

  // Re-open a row's report: post its document and the single document to the report form.
  function openReport(item) {
    const f = reportForm.elements;
    for (const name of ["resume", "posting"]) f[name].value = "";
    for (const name of ["resume_text", "posting_text"]) f[name].value = "";
    f[single + "_text"].value = singleText;
    if (item.file) {
      const transfer = new DataTransfer();
      transfer.items.add(item.file);
      f[many].files = transfer.files;
    } else {
      f[many + "_text"].value = item.text;
    }
    reportForm.submit();
  }

  function setProgress(done, total) {
    progressBar.max = total;
    progressBar.value = done;
    progressText.textContent = done + " / " + total;
  }

  async function readSingle() {
    const data = new FormData();
    const upload = form.elements[single].files[0];
    const pasted = form.elements[single + "_text"].value;
    if (upload) data.append("document", upload);
    if (pasted.trim()) data.append("document_text", pasted);
    if (!upload && !pasted.trim()) {
      return { ok: false, message: mode === "resumes"
        ? "Paste the job posting or upload it as a file."
        : "Upload your resume or paste its text." };
    }
    return post(form.dataset.documentUrl, data);
  }

  async function scoreOne(item) {
    const data = new FormData();
    data.append("mode", mode);
    data.append(single + "_text", singleText);
    data.append("label", item.label);
    if (item.file) data.append(many, item.file);
    else data.append(many + "_text", item.text);
    const answer = await post(form.dataset.scoreUrl, data);
    if (answer.ok) return Object.assign(answer.body, { label: item.label, error: "", item: item });
    return { label: item.label, error: answer.message, item: item, top_gaps: [] };
  }

  async function run(event) {
    event.preventDefault();
    showError("");
    const items = collectItems();
    if (!items.length) {
      showError(mode === "resumes" ? "Upload at least one resume (PDF, DOCX, TXT or MD)."
        : "Upload or paste at least one job posting.");
      return;
    }
    submit.disabled = true;
    try {
      const first = await readSingle();
      if (!first.ok) {
        showError(first.message);
        return;
      }
      singleText = first.body.text;
      if (!first.body.skills) {
        showError("We found no skill of our vocabulary in the " + single +
          "; every score will be 0. Is it the full text?");
      }
      results = [];
      tbody.replaceChildren();
      const stale = section.querySelector("form.export");
      if (stale) stale.remove();
      section.hidden = false;
      jsExport.hidden = false;
      progressBox.hidden = false;
      let done = 0;
      setProgress(0, items.length);
      progressBox.scrollIntoView({ block: "start", behavior: "smooth" });
      const queue = items.slice();
      async function worker() {
        while (queue.length) {
          const result = await scoreOne(queue.shift());
          results.push(result);
          done += 1;
          setProgress(done, items.length);
          render();
        }
      }
      const workers = [];
      for (let i = 0; i < IN_FLIGHT; i++) workers.push(worker());
      await Promise.all(workers);
      section.dataset.done = "true";
    } finally {
      submit.disabled = false;
    }
  }

  function exportRows() {
    return results.map((r) => ({
      rank: r.rank,
      label: r.label,
      score: r.error ? null : r.score,
      similarity: r.error ? null : r.similarity,
      matched: r.error ? null : r.matched,
      missing: r.error ? null : r.missing,
      top_gaps: r.top_gaps || [],
      error: r.error || "",
    }));
  }

  function csvCell(value) {
    let text = Array.isArray(value) ? value.join("; ") : value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function download(format) {
    const rows = exportRows();
    let body;
    let type;
    if (format === "csv") {
      const lines = [CSV_COLUMNS.join(",")].concat(rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(",")));
      body = lines.join("\r\n") + "\r\n";
      type = "text/csv;charset=utf-8";
    } else {
      body = JSON.stringify({ mode: mode, ranked: rows }, null, 1);
      type = "application/json";
    }
    const url = URL.createObjectURL(new Blob([body], { type: type }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "ranking-" + mode + "." + format;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  form.addEventListener("submit", run);
  for (const button of jsExport.querySelectorAll("button[data-export]")) {
    button.addEventListener("click", () => download(button.dataset.export));
  }
})();
