"""The session cookie: never readable by scripts, not sent cross-site, Secure over HTTPS."""

from __future__ import annotations

from http.cookies import SimpleCookie

from security_helpers import make_app, post_login


def session_cookie(response):
    for header in response.headers.getlist("Set-Cookie"):
        cookie = SimpleCookie(header)
        if "session" in cookie:
            return cookie["session"]
    raise AssertionError("no session cookie set")


def test_session_cookie_is_httponly_and_samesite_lax(client, users):
    response = post_login(client)
    assert response.status_code == 302
    cookie = session_cookie(response)
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"]  # plain http on 127.0.0.1 in development


def test_https_scheme_makes_the_cookie_secure(tmp_path):
    app = make_app(tmp_path, PREFERRED_URL_SCHEME="https")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = post_login(app.test_client())
    assert session_cookie(response)["secure"] is True


def test_secure_cookie_can_be_switched_on_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_SESSION_COOKIE_SECURE", "true")
    app = make_app(tmp_path)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert session_cookie(post_login(app.test_client()))["secure"] is True
