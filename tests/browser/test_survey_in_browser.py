"""A customer opens their link in Chromium, answers in Japanese on a phone, and it is stored."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser


def test_customer_answers_japanese_survey_on_a_phone(demo, runner, live_server, browser, db):
    result = runner.invoke(
        args=["invitations", "create", "--account", "sakura-seiki", "--email", "taro@sakura.example"]
    )
    assert result.exit_code == 0, result.output
    path = "/s/" + result.output.strip().rsplit("/s/", 1)[1]

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
    page = context.new_page()
    page.goto(live_server + path)
    assert page.locator("html").get_attribute("lang") == "ja"
    assert "アンケート" in page.locator("h1").inner_text()

    # Sending with nothing chosen shows the messages beside the fields, in Japanese.
    page.get_by_role("button", name="回答を送信").click()
    assert page.locator(".errors li").first.inner_text() == "この質問にお答えください。"

    page.locator("label[for=nps-9]").click()
    page.locator("label[for=satisfaction-3]").click()
    page.fill("textarea[name=blocked_need]", "海外子会社との外貨建て取引をExcelで換算しています。")
    page.check("input[name=interests][value=onboarding-training]")
    page.get_by_role("button", name="回答を送信").click()
    page.wait_for_url("**/thanks**")
    assert "ありがとう" in page.locator("h1").inner_text()
    context.close()

    row = db.execute("SELECT answers, lang, nps FROM responses WHERE source = 'web'").fetchone()
    answers = json.loads(row[0])
    assert row[1] == "ja" and row[2] == 9
    assert answers["blocked_need"].startswith("海外子会社") and answers["interests"] == [
        "onboarding-training"
    ]
