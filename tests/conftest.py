"""Shared fixtures: a real app on a temporary SQLite file, its client and CLI runner."""

from __future__ import annotations

import pytest
from app_helpers import DEMO, PASSWORD, csrf_token, make_test_app

from webapp.db import get_db, migrate
from webapp.users import create_user


@pytest.fixture
def app(tmp_path):
    app = make_test_app(tmp_path)
    with app.app_context():
        migrate(get_db())
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    with app.app_context():
        yield get_db()


@pytest.fixture
def demo(app, runner):
    """The demo catalog, accounts and responses loaded through the public commands."""
    for args in (["catalog", "import", str(DEMO / "catalog.yaml")],
                 ["accounts", "import", str(DEMO / "accounts.jsonl")],
                 ["responses", "import", str(DEMO / "responses.jsonl")]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    return app


@pytest.fixture
def users(app):
    """One login per role (plus a second rep) with the same test password."""
    made = {}
    with app.app_context():
        for key, email, role in (("admin", "admin@example.com", "admin"), ("rep", "rep@example.com", "rep"),
                                 ("rep2", "rep2@example.com", "rep"),
                                 ("product", "product@example.com", "product")):
            made[key] = create_user(get_db(), email, role, PASSWORD)
    return made



@pytest.fixture
def login(client, users):
    """`login("rep")` logs the client in as that user, through the real login form."""

    def do(key: str):
        page = client.get("/auth/login")
        response = client.post("/auth/login", data={
            "email": users[key].email, "password": PASSWORD,
            "csrf_token": csrf_token(page.get_data(as_text=True))})
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return do
