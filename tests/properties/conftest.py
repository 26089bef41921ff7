"""A demo database built once per session; every hypothesis example runs on a copy."""

from __future__ import annotations

import sqlite3

import pytest
from app_helpers import DEMO, PASSWORD, csrf_token
from prop_helpers import Template, make_app

from webapp.db import get_db, migrate
from webapp.users import create_user


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Template:
    root = tmp_path_factory.mktemp("properties")
    base = root / "template"
    base.mkdir()
    app = make_app(base)
    with app.app_context():
        migrate(get_db())
        create_user(get_db(), "admin@example.com", "admin", PASSWORD)
    runner = app.test_cli_runner()
    for args in (["catalog", "import", str(DEMO / "catalog.yaml")],
                 ["accounts", "import", str(DEMO / "accounts.jsonl")],
                 ["responses", "import", str(DEMO / "responses.jsonl")]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    result = runner.invoke(args=["invitations", "create", "--account", "sakura-seiki",
                                 "--email", "taro@sakura.example", "--lang", "en"])
    assert result.exit_code == 0, result.output
    survey_url = "/s/" + result.output.strip().rsplit("/s/", 1)[1]

    client = app.test_client()
    page = client.get("/auth/login")
    response = client.post("/auth/login", data={
        "email": "admin@example.com", "password": PASSWORD,
        "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 302
    admin_cookie = client.get_cookie("session").value

    customer = app.test_client()
    page = customer.get(survey_url)
    assert page.status_code == 200
    survey_csrf = csrf_token(page.get_data(as_text=True))
    survey_cookie = customer.get_cookie("session").value

    conn = sqlite3.connect(app.config["DATABASE"])
    invitation_id = conn.execute("SELECT id FROM invitations").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return Template(root, base / "test.sqlite", admin_cookie, survey_cookie, survey_url,
                    survey_csrf, invitation_id)
