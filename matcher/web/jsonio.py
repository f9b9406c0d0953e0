"""JSON for the app (request bodies, API answers, ``tojson`` in templates), written by orjson.

A gap report is a few kilobytes of nested dicts; orjson reads and writes it several times
faster than the standard library. Keys stay sorted, as Flask's default provider writes them,
so answers are byte-stable. Whatever orjson refuses to write (an integer beyond 64 bits, a
string with a lone surrogate) falls back to Flask's default provider, so nothing that used
to serialise now fails. Reading is strict JSON: ``NaN`` or a lone surrogate escape is
malformed, and the request answers 400 as for any malformed body.
"""

from __future__ import annotations

from typing import Any

import orjson
from flask import Flask, Response
from flask.json.provider import DefaultJSONProvider

# Dates go through Flask's ``default`` (HTTP dates), as the default provider writes them.
_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


class OrjsonProvider(DefaultJSONProvider):
    """Flask's JSON provider with orjson doing the work (see the module's notes)."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs:  # a caller asked for the standard library's options (indent, ...)
            return super().dumps(obj, **kwargs)
        return self._bytes(obj).decode("utf-8")

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        if kwargs:
            return super().loads(s, **kwargs)
        return orjson.loads(s)

    def response(self, *args: Any, **kwargs: Any) -> Response:
        obj = self._prepare_response_obj(args, kwargs)
        if self._app.debug:  # pretty, as the default provider writes it when debugging
            return super().response(obj)
        return self._app.response_class(self._bytes(obj) + b"\n", mimetype=self.mimetype)

    def _bytes(self, obj: Any) -> bytes:
        try:
            return orjson.dumps(obj, default=self.default, option=_OPTIONS)
        except orjson.JSONEncodeError:
            return super().dumps(obj).encode("utf-8")


def init_json(app: Flask) -> None:
    """Make orjson the app's JSON provider."""
    app.json = OrjsonProvider(app)
