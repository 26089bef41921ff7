"""Logins, roles and the admin upload page."""

from __future__ import annotations

import io

import pytest
from app_helpers import DEMO, PASSWORD, csrf_token
from bs4 import BeautifulSoup


def test_login_with_wrong_password_is_401(client, users):
    page = client.get("/auth/login").get_data(as_text=True)
    response = client.post("/auth/login", data={"csrf_token": csrf_token(page),
                                                "email": "admin@example.com", "password": "wrong"})
    assert response.status_code == 401


def test_login_redirect_only_to_same_site(client, users):
    page = client.get("/auth/login").get_data(as_text=True)
    response = client.post("/auth/login?next=https://evil.example/", data={
        "csrf_token": csrf_token(page), "email": "admin@example.com", "password": PASSWORD})
    assert response.status_code == 302 and "evil" not in response.location


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/auth/login" in response.location


@pytest.mark.parametrize("role, status", [("admin", 200), ("rep", 404), ("product", 404)])
def test_only_admins_import(login, client, role, status):
    login(role)
    assert client.get("/admin/import").status_code == status


def upload(client, kind: str, name: str, data: bytes):
    page = client.get("/admin/import").get_data(as_text=True)
    return client.post("/admin/import", data={"csrf_token": csrf_token(page), "kind": kind,
                                              "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_admin_uploads_catalog_accounts_responses_and_sees_them(login, client, db):
    login("admin")
    for kind, name in (("catalog", "catalog.yaml"), ("accounts", "accounts.jsonl"),
                       ("responses", "responses.jsonl")):
        response = upload(client, kind, name, (DEMO / name).read_bytes())
        assert response.status_code == 302, response.get_data(as_text=True)
    accounts = BeautifulSoup(client.get("/admin/accounts").data, "html.parser")
    assert "さくら精機株式会社" in accounts.get_text()
    responses = BeautifulSoup(client.get("/admin/responses").data, "html.parser")
    assert len(responses.select("tbody tr")) == 4
    catalog = BeautifulSoup(client.get("/admin/catalog").data, "html.parser")
    assert "accounting-standard" in catalog.get_text()


def test_bad_upload_lists_problems_and_stores_nothing(login, client, db):
    login("admin")
    upload(client, "catalog", "catalog.yaml", (DEMO / "catalog.yaml").read_bytes())
    response = upload(client, "accounts", "acc.jsonl",
                      b'{"id": "a", "name": "A"}\n{"id": "b", "name": "B", "mrr": "lots"}\n')
    assert response.status_code == 400
    problems = [li.get_text() for li in BeautifulSoup(response.data, "html.parser").select(".flash.error li")]
    assert problems == ["acc.jsonl:2 [mrr]: " + problems[0].split(": ", 1)[1]]
    assert db["accounts"].count == 0


def test_upload_without_file_is_400(login, client):
    login("admin")
    page = client.get("/admin/import").get_data(as_text=True)
    response = client.post("/admin/import", data={"csrf_token": csrf_token(page), "kind": "catalog"})
    assert response.status_code == 400


def test_oversized_upload_is_413(app, login, client):
    login("admin")
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = upload(client, "accounts", "big.jsonl", b"x" * 5000)
    assert response.status_code == 413


def test_admin_creates_user_and_duplicate_is_refused(login, client, db):
    login("admin")
    page = client.get("/admin/users").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "email": "new@example.com", "role": "rep",
            "password": "long enough pw", "name": ""}
    assert client.post("/admin/users", data=data).status_code == 302
    assert client.post("/admin/users", data=data).status_code == 400
    assert db["users"].count_where("email = 'new@example.com'") == 1


def test_users_create_command(runner, db):
    result = runner.invoke(args=["users", "create", "--email", "x@example.com", "--role", "product",
                                 "--password", "s3cret-pass"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["users", "create", "--email", "y@example.com", "--role", "boss",
                                 "--password", "s3cret-pass"])
    assert result.exit_code != 0
    result = runner.invoke(args=["users", "create", "--email", "z@example.com", "--role", "rep",
                                 "--password", "short"])
    assert result.exit_code != 0 and "8" in result.output
