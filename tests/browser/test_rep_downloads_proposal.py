"""A sales rep logs in with Chromium, finds the ready case and downloads the PDF."""

from __future__ import annotations

import subprocess

import pytest
from app_helpers import PASSWORD

pytestmark = pytest.mark.browser


def test_rep_logs_in_and_downloads_the_pdf(demo, users, live_server, browser, tmp_path):
    context = browser.new_context(accept_downloads=True, locale="ja-JP")
    page = context.new_page()
    page.goto(live_server + "/auth/login")
    page.fill("input[name=email]", users["rep"].email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url("**/reps/")
    assert "さくら精機株式会社" in page.locator("tbody").inner_text()

    with page.expect_download() as info:
        page.locator("tbody tr", has_text="さくら精機株式会社").get_by_role("link", name="PDF").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    context.close()
    assert saved.suffix == ".pdf" and saved.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(saved), "-"], capture_output=True, text=True, check=True).stdout
    assert "外貨建て取引" in text
