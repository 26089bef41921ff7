"""Login and survey submission are rate-limited per address, with a friendly 429 page."""

from __future__ import annotations

import pytest
from app_helpers import DEMO, csrf_token
from security_helpers import make_app, post_login, soup

TOO_MANY = ("Too many attempts", "試行回数が多すぎます")


@pytest.fixture
def limited(tmp_path):
    app = make_app(
        tmp_path,
        RATELIMIT_ENABLED=True,
        RATELIMIT_LOGIN="3 per minute",
        RATELIMIT_SURVEY="2 per minute",
    )
    runner = app.test_cli_runner()
    for args in (
        ["catalog", "import", str(DEMO / "catalog.yaml")],
        ["accounts", "import", str(DEMO / "accounts.jsonl")],
    ):
        assert runner.invoke(args=args).exit_code == 0
    return app


def assert_friendly_429(response) -> None:
    assert response.status_code == 429
    page = soup(response)
    assert page.h1.get_text() in TOO_MANY
    assert response.headers["Content-Security-Policy"]


def test_login_is_refused_after_the_limit_even_with_the_right_password(limited):
    client = limited.test_client()
    for _ in range(3):
        assert post_login(client, password="wrong password").status_code == 401
    assert_friendly_429(post_login(client))
    assert client.get("/auth/login").status_code == 200  # reading the page is not limited


def test_survey_submission_is_refused_after_the_limit(limited):
    result = limited.test_cli_runner().invoke(
        args=["invitations", "create", "--account", "northwind", "--email", "c@northwind.example"]
    )
    url = "/s/" + result.output.strip().rsplit("/", 1)[1]
    client = limited.test_client()
    for _ in range(2):
        token = csrf_token(client.get(url).get_data(as_text=True))
        answer = client.post(url, data={"csrf_token": token, "nps": "8", "satisfaction": "4"})
        assert answer.status_code == 302
    token = csrf_token(client.get(url).get_data(as_text=True))
    assert_friendly_429(
        client.post(url, data={"csrf_token": token, "nps": "8", "satisfaction": "4"})
    )
