"""Security headers on every response, and templates a strict CSP never has to block."""

from __future__ import annotations

import re

import pytest
from app_helpers import ROOT
from security_helpers import inline_code

TEMPLATES = sorted((ROOT / "webapp" / "templates").rglob("*.html"))
BLOCKED_BY_CSP = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", re.I)


@pytest.mark.parametrize(
    "template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "webapp" / "templates"))
)
def test_template_has_no_inline_script_or_style(template):
    assert BLOCKED_BY_CSP.findall(template.read_text("utf-8")) == []


def assert_policy(response) -> None:
    csp = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
    )
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"  # personal links never leak


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("get", "/", 200),
        ("get", "/auth/login", 200),
        ("get", "/no/such/page", 404),
        ("get", "/s/" + "A" * 43, 404),
        ("delete", "/auth/login", 405),
        ("post", "/auth/login", 400),
    ],
)
def test_pages_and_error_pages_carry_the_headers(method, path, status, client):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert_policy(response)
    if response.mimetype == "text/html":
        assert inline_code(response.get_data(as_text=True)) == []


def test_hsts_is_sent_over_https_only(client):
    assert "Strict-Transport-Security" not in client.get("/auth/login").headers
    secure = client.get("/auth/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
