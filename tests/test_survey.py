"""The customer's survey through the test client, in Japanese and English."""

from __future__ import annotations

import json

import pytest
from app_helpers import csrf_token
from bs4 import BeautifulSoup


@pytest.fixture
def link(demo, runner):
    def make(account: str, lang: str | None = None) -> str:
        args = ["invitations", "create", "--account", account, "--email", f"c@{account}.example"]
        if lang:
            args += ["--lang", lang]
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
        url = result.output.strip()
        assert url.startswith("http://") and "/s/" in url
        return "/s/" + url.rsplit("/s/", 1)[1]

    return make


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_japanese_account_gets_japanese_survey(client, link):
    page = soup(client.get(link("sakura-seiki")))
    assert page.html["lang"] == "ja"
    assert "ご利用状況アンケート" in page.h1.get_text()
    nps = page.select("fieldset legend")[0].get_text()
    assert "勧める" in nps
    assert len(page.select("input[name=nps]")) == 11
    assert len(page.select("input[name=satisfaction]")) == 5
    # Only options sold for the account's products (accounting): not maintenance (inventory only).
    ticks = {i["value"] for i in page.select("input[name=interests]")}
    assert ticks == {"onboarding-training", "premium-support"}


def test_language_switch_shows_english(client, link):
    page = soup(client.get(link("sakura-seiki") + "?lang=en"))
    assert page.html["lang"] == "en"
    assert "recommend" in page.select("fieldset legend")[0].get_text()


def test_missing_answers_show_messages_in_japanese_and_keep_text(client, link):
    url = link("sakura-seiki")
    token = csrf_token(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, "blocked_need": "外貨の処理が大変"})
    assert response.status_code == 400
    page = soup(response)
    errors = [e.get_text() for e in page.select(".errors li")]
    assert "この質問にお答えください。" in errors
    assert page.select_one("textarea[name=blocked_need]").get_text().lstrip("\r\n") == "外貨の処理が大変"


def test_out_of_range_nps_is_refused_in_english(client, link):
    url = link("northwind")
    token = csrf_token(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, "nps": "11", "satisfaction": "3"})
    assert response.status_code == 400
    assert "Not a valid choice." in [e.get_text() for e in soup(response).select(".errors li")]


def test_submit_stores_response_and_second_visit_revises_it(client, link, db):
    url = link("northwind")
    token = csrf_token(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, "nps": "9", "satisfaction": "4",
                                      "future_need": "An <b>offline</b> mobile app",
                                      "interests": ["premium-support"]})
    assert response.status_code == 302
    thanks = client.get(response.location)
    assert thanks.status_code == 200 and "Thank you" in soup(thanks).h1.get_text()
    web = list(db.query("SELECT * FROM responses WHERE source = 'web'"))
    assert len(web) == 1
    assert json.loads(web[0]["answers"])["interests"] == ["premium-support"]

    again = client.get(url)
    page = soup(again)
    assert page.select_one("input[name=nps][value='9']").has_attr("checked")
    assert "An <b>offline</b> mobile app" in page.select_one("textarea[name=future_need]").get_text()
    assert "<b>offline</b>" not in again.get_data(as_text=True)  # escaped, never raw HTML
    token = csrf_token(again.get_data(as_text=True))
    client.post(url, data={"csrf_token": token, "nps": "6", "satisfaction": "2"})
    rows = list(db.query("SELECT * FROM responses WHERE source = 'web'"))
    assert len(rows) == 1
    assert rows[0]["nps"] == 6 and rows[0]["revision"] == 2


@pytest.mark.parametrize("path", ["/s/short", "/s/" + "A" * 43, "/s/%00%27;--", "/s/" + "x" * 500])
def test_unknown_or_malformed_token_gets_friendly_404(client, demo, path):
    response = client.get(path)
    assert response.status_code == 404
    assert soup(response).h1.get_text() in ("ページが見つかりません", "Page not found")


def test_revoked_link_is_404(client, link, db):
    url = link("northwind")
    db.execute("UPDATE invitations SET revoked_at = '2026-01-01T00:00:00+00:00'")
    db.conn.commit()
    assert client.get(url).status_code == 404


def test_post_without_csrf_is_refused(client, link, db):
    url = link("northwind")
    response = client.post(url, data={"nps": "9", "satisfaction": "4"})
    assert response.status_code == 400
    assert db["responses"].count_where("source = 'web'") == 0


def test_overlong_text_is_refused_beside_the_field(client, link):
    url = link("northwind")
    token = csrf_token(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, "nps": "9", "satisfaction": "4",
                                      "comment": "x" * 3000})
    assert response.status_code == 400
    assert soup(response).select_one(".invalid textarea[name=comment]") is not None
