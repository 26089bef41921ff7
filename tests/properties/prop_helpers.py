"""Shared pieces of the property tests: a demo database copied per example, snapshots,
and the checks every importer must pass (clean failure or exactly the valid records)."""

from __future__ import annotations

import contextlib
import re
import shutil
import sqlite3
import uuid
from pathlib import Path

TABLES = ("catalog", "accounts", "subscriptions", "responses", "triage", "findings",
          "opportunities", "complaints", "invitations")


class Template:
    """A migrated database with the demo data, an admin and one invitation, built once."""

    def __init__(self, root: Path, db_path: Path, admin_cookie: str, survey_cookie: str,
                 survey_url: str, survey_csrf: str, invitation_id: int):
        self.root, self.db_path = root, db_path
        self.admin_cookie, self.survey_cookie = admin_cookie, survey_cookie
        self.survey_url, self.survey_csrf, self.invitation_id = survey_url, survey_csrf, invitation_id

    @contextlib.contextmanager
    def fresh_app(self):
        """A new app on a private copy of the template database (removed afterwards)."""
        work = self.root / uuid.uuid4().hex
        work.mkdir()
        shutil.copyfile(self.db_path, work / "test.sqlite")
        try:
            yield make_app(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def make_app(work: Path):
    from app_helpers import make_test_app

    return make_test_app(work)


def snapshot(app) -> dict[str, list[tuple]]:
    """Every row of every table an import or a survey answer may touch."""
    conn = sqlite3.connect(app.config["DATABASE"])
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
    finally:
        conn.close()


def counts(snap: dict[str, list[tuple]]) -> dict[str, int]:
    return {t: len(rows) for t, rows in snap.items()}


def query(app, sql: str, params=()) -> list[sqlite3.Row]:
    conn = sqlite3.connect(app.config["DATABASE"])
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


PROBLEM_RE = r"^{name}(:\d+)?( \[.+?\])?: \S.*$"


def assert_clean_failure_text(text: str, name: str) -> list[str]:
    """The problem lines of a failed import: each names the file (and line, field)."""
    lines = [line for line in text.splitlines() if line.startswith(name)]
    assert lines, f"no problem naming {name!r} in:\n{text[:2000]}"
    pattern = re.compile(PROBLEM_RE.format(name=re.escape(name)))
    for line in lines:
        assert pattern.match(line), f"problem line without a message: {line[:300]!r}"
    return lines


def run_cli(app, kind: str, path: Path):
    """`flask <kind> import PATH`; a crash is a failure of the property, not of the import."""
    result = app.test_cli_runner().invoke(args=[kind, "import", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}\n{result.output[:2000]}")
    if result.exit_code == 0:
        assert result.exception is None
    return result


def upload(app, template: Template, kind: str, name: str, data: bytes):
    """POST the admin upload form as a logged-in admin; returns (status, problems list)."""
    import io

    from bs4 import BeautifulSoup

    client = app.test_client()
    client.set_cookie("session", template.admin_cookie)
    page = client.get("/admin/import")
    assert page.status_code == 200
    from app_helpers import csrf_token

    response = client.post("/admin/import", data={
        "csrf_token": csrf_token(page.get_data(as_text=True)), "kind": kind,
        "file": (io.BytesIO(data), name)}, content_type="multipart/form-data")
    assert response.status_code < 500
    problems = []
    if response.status_code == 400:
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        problems = [c.get_text() for c in soup.select("div.flash.error li code")]
    return response.status_code, problems
