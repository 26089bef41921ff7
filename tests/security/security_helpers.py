"""Shared by the security tests: hostile answers, HTML checks and small request helpers."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app_helpers import csrf_token
from bs4 import BeautifulSoup

from webapp.db import now
from webapp.tokens import new_token

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
TEMPLATE = "{{7*7}}"
PAYLOAD = f" {SCRIPT} {IMG} {TEMPLATE} "

# Two answers that triage reads as usual (a ready upsell need, a complaint) with markup inside
# the very sentences that get quoted on pages, in reports and in the proposal documents.
HOSTILE_RESPONSES = [
    {
        "id": "x-ready",
        "account": "sakura-seiki",
        "lang": "ja",
        "submitted_at": "2026-11-05T10:00:00+09:00",
        "contact_email": "taro@sakura.example",
        "answers": {
            "nps": 9,
            "satisfaction": 4,
            "blocked_need": f"海外子会社との外貨建て取引{PAYLOAD}を処理できず、Excelで換算しています。",
            "future_need": f"モバイルアプリでオフラインでも使いたい。{PAYLOAD}",
            "comment": "",
        },
    },
    {
        "id": "x-complaint",
        "account": "minato-trading",
        "lang": "ja",
        "submitted_at": "2026-11-05T11:00:00+09:00",
        "answers": {
            "nps": 3,
            "satisfaction": 1,
            "blocked_need": "",
            "future_need": "",
            "comment": f"先月から画面の表示がとても遅く、入力中に{PAYLOAD}エラーで落ちることがあります。",
        },
    },
]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def page_csrf(client, path: str = "/auth/login") -> str:
    """A valid CSRF token for the client's session (the login page has one for everyone)."""
    return csrf_token(client.get(path).get_data(as_text=True))


def flat(text: str) -> str:
    """Text without whitespace: PDF table cells wrap lines anywhere."""
    return re.sub(r"\s+", "", text)


def database_dump(db) -> str:
    return "\n".join(db.conn.iterdump())


def inline_code(html: str) -> list[str]:
    """Everything a `script-src 'self'; style-src 'self'` policy would block, described."""
    page = BeautifulSoup(html, "html.parser")
    found = [
        f"inline <script>: {s.get_text()[:40]!r}"
        for s in page.find_all("script")
        if not s.get("src")
    ]
    found += ["<style> element" for _ in page.find_all("style")]
    for tag in page.find_all(True):
        for attr in tag.attrs:
            if attr == "style" or attr.lower().startswith("on"):
                found.append(f"<{tag.name} {attr}=…>")
            value = tag.get(attr)
            if attr in ("href", "src", "action") and str(value).strip().lower().startswith(
                "javascript:"
            ):
                found.append(f"<{tag.name} {attr}=javascript:…>")
    return found


def assert_tags_never_rendered(page: BeautifulSoup) -> None:
    """The hostile markup is never a tag: no script, no img with an event handler."""
    assert page.find("script") is None
    assert not [t for t in page.find_all(True) if any(a.lower().startswith("on") for a in t.attrs)]


def make_app(tmp_path: Path, **config):
    """An app like the `app` fixture's, with `config` on top, and one admin and one rep."""
    from app_helpers import PASSWORD, make_test_app

    from webapp.db import get_db, migrate
    from webapp.users import create_user

    app = make_test_app(tmp_path / "own", **config)
    with app.app_context():
        migrate(get_db())
        create_user(get_db(), "admin@example.com", "admin", PASSWORD)
    return app


def post_login(client, email: str = "admin@example.com", password: str | None = None):
    from app_helpers import PASSWORD

    token = page_csrf(client)
    return client.post(
        "/auth/login", data={"email": email, "password": password or PASSWORD, "csrf_token": token}
    )


def invite(runner, account: str, email: str) -> str:
    result = runner.invoke(args=["invitations", "create", "--account", account, "--email", email])
    assert result.exit_code == 0, result.output
    return result.output.strip().rsplit("/", 1)[1]


def add_link(db, proposal: int, days: int = 30) -> tuple[int, str]:
    token = new_token()
    expires = (datetime.now(UTC) + timedelta(days=days)).isoformat(timespec="seconds")
    with db.atomic():
        link_id = (
            db["proposal_links"]
            .insert(
                {
                    "proposal": proposal,
                    "token": token,
                    "created_by": "rep@example.com",
                    "created_at": now(),
                    "expires_at": expires,
                }
            )
            .last_pk
        )
    return link_id, token
