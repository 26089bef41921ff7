"""Every input is bounded: answer length, upload size, records per import, form fields.

Each limit answers with a clear message and a 4xx, and stores nothing.
"""

from __future__ import annotations

import io
import json

from app_helpers import csrf_token
from security_helpers import database_dump, invite, page_csrf, soup

import webapp.importing.readers as readers


def upload(client, kind: str, name: str, data: bytes):
    return client.post(
        "/admin/import",
        data={
            "csrf_token": page_csrf(client, "/admin/import"),
            "kind": kind,
            "file": (io.BytesIO(data), name),
        },
        content_type="multipart/form-data",
    )


def response_line(number: int, comment: str = "ok") -> str:
    return (
        json.dumps(
            {
                "id": f"b-{number}",
                "account": "northwind",
                "lang": "en",
                "submitted_at": "2026-11-04T15:00:00+00:00",
                "answers": {"nps": 7, "satisfaction": 3, "comment": comment},
            }
        )
        + "\n"
    )


def problems(response) -> list[str]:
    return [li.get_text() for li in soup(response).select(".flash.error li")]


def test_survey_answer_over_2000_characters_is_refused_beside_the_field(demo, runner, client, db):
    url = "/s/" + invite(runner, "northwind", "c@northwind.example")
    token = csrf_token(client.get(url).get_data(as_text=True))
    response = client.post(
        url, data={"csrf_token": token, "nps": "9", "satisfaction": "4", "future_need": "x" * 2001}
    )
    assert response.status_code == 400
    field = soup(response).select_one(".invalid:has(textarea[name=future_need])")
    assert "Please keep this under 2000 characters." in field.get_text()
    assert db["responses"].count_where("source = 'web'") == 0


def test_imported_text_over_5000_characters_is_refused(demo, english, login, client, db):
    login("admin")
    before = database_dump(db)
    response = upload(
        client,
        "responses",
        "long.jsonl",
        (response_line(1) + response_line(2, "x" * 5001)).encode(),
    )
    assert response.status_code == 400
    assert problems(response) == ["long.jsonl:2 [answers.comment]: is longer than 5000 characters"]
    assert database_dump(db) == before


def test_upload_over_the_size_limit_is_a_friendly_413(app, demo, english, login, client, db):
    login("admin")
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    before = database_dump(db)
    response = upload(client, "responses", "big.jsonl", response_line(1).encode() * 20_000)
    assert response.status_code == 413
    page = soup(response)
    assert page.h1.get_text() == "File too large"
    assert "larger than 1 MB" in page.select_one("main").get_text()
    assert database_dump(db) == before


def test_import_with_too_many_records_is_refused(demo, english, login, client, db, monkeypatch):
    monkeypatch.setattr(readers, "MAX_RECORDS", 3)
    login("admin")
    before = database_dump(db)
    for name, body in (
        ("many.jsonl", "".join(response_line(n) for n in range(4))),
        (
            "many.csv",
            "id,account,lang,submitted_at,nps,satisfaction\n"
            + "".join(f"c-{n},northwind,en,2026-11-04T15:00:00+00:00,7,3\n" for n in range(4)),
        ),
    ):
        response = upload(client, "responses", name, body.encode())
        assert response.status_code == 400, name
        assert any("too many records (at most 3)" in p for p in problems(response)), problems(
            response
        )
    assert database_dump(db) == before


def test_overlong_override_comment_is_refused(demo, login, client, db):
    login("admin")
    before = database_dump(db)
    response = client.post(
        "/triage/r/r-0004",
        data={
            "csrf_token": page_csrf(client, "/triage/r/r-0004"),
            "category": "ready",
            "comment": "x" * 1001,
        },
    )
    assert response.status_code == 400
    assert database_dump(db) == before


def test_overlong_login_fields_are_refused_without_a_lookup(client, users):
    response = client.post(
        "/auth/login",
        data={
            "csrf_token": page_csrf(client),
            "email": "a" * 400 + "@example.com",
            "password": "x" * 300,
        },
    )
    assert response.status_code == 400
