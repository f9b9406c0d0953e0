"""Headers every response carries."""

from __future__ import annotations

from flask import Flask, Response, request


def register_security_headers(app: Flask) -> None:
    """Add CSP, nosniff, frame denial and no referrer; keep pages with personal data uncached."""
    policy = app.config["CONTENT_SECURITY_POLICY"]

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response
