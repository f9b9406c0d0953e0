"""A small HTTP client over http.client: multipart bodies, timed requests, a cookie session."""

from __future__ import annotations

import contextlib
import http.client
import json
import secrets
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

# A part is a plain field (name, value) or a file (name, (filename, content, content type)).
Part = tuple[str, str | tuple[str, bytes, str]]


def multipart(parts: Iterable[Part]) -> tuple[bytes, str]:
    """Encode form parts as multipart/form-data; return the body and its Content-Type."""
    boundary = "----matcher" + secrets.token_hex(12)
    chunks: list[bytes] = []
    for name, value in parts:
        chunks.append(f"--{boundary}\r\n".encode())
        if isinstance(value, tuple):
            filename, content, ctype = value
            chunks.append(
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {ctype}\r\n\r\n".encode()
            )
            chunks.append(content)
        else:
            chunks.append(f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
            chunks.append(value.encode("utf-8"))
        chunks.append(b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def json_body(obj: Any) -> tuple[bytes, str]:
    """Encode a JSON body; return it and its Content-Type."""
    return json.dumps(obj).encode("utf-8"), "application/json"


@dataclass
class Response:
    """What came back, and how long it took."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def send(
    conn: http.client.HTTPConnection,
    method: str,
    path: str,
    body: bytes | None = None,
    content_type: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """One request on an open connection (reconnected by http.client when the server closed it)."""
    all_headers = dict(headers or {})
    if content_type:
        all_headers["Content-Type"] = content_type
    started = time.perf_counter()
    # The server may refuse a body part-way (a 413 before reading it all) and close its end;
    # its answer is still waiting to be read, as a browser would read it.
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        conn.request(method, path, body=body, headers=all_headers)
    response = conn.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - started
    return Response(
        response.status, {k.lower(): v for k, v in response.getheaders()}, data, elapsed
    )


def request_once(
    host: str,
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    content_type: str | None = None,
    timeout: float = 30.0,
) -> Response:
    """One request on a fresh connection, closed afterwards."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        return send(conn, method, path, body, content_type, {"Connection": "close"})
    finally:
        conn.close()


@dataclass
class Session:
    """A keep-alive connection that keeps cookies, like one browser tab."""

    host: str
    port: int
    timeout: float = 30.0
    cookies: dict[str, str] = field(default_factory=dict)
    _conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self._conn

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        content_type: str | None = None,
    ) -> Response:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            response = send(self._connection(), method, path, body, content_type, headers)
        except (http.client.HTTPException, ConnectionError):
            # The server closed a kept-alive connection between requests: retry once, fresh.
            self.close()
            response = send(self._connection(), method, path, body, content_type, headers)
        for header in _set_cookie_headers(response):
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        if response.headers.get("connection", "").lower() == "close":
            self.close()
        return response

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _set_cookie_headers(response: Response) -> list[str]:
    value = response.headers.get("set-cookie")
    return [value] if value else []
