"""Headers every response carries, the session cookie's flags, and the proxy in front."""

from __future__ import annotations

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, marked Secure on every request that came over HTTPS
    (through ProxyFix, that is what the proxy says), or always with SESSION_COOKIE_SECURE."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def register_session(app: Flask) -> None:
    """The session cookie's flags; trust the proxies' forwarded headers, as many as configured."""
    app.session_interface = SessionInterface()
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )


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
