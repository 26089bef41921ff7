"""Report PDFs: Japanese text readable, nothing fetched from outside, written atomically."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from webapp.reports.pdf_export import render_html, report_pdf

COLUMNS = [("response", "回答"), ("account", "顧客"), ("text", "本文"), ("mrr", "月額")]
ROWS = [
    {
        "response": "r1",
        "account": "株式会社アクメ",
        "text": "スマホでオフラインでも使いたい",
        "mrr": 120000,
    },
    {
        "response": "r2",
        "account": "Beta & Co",
        "text": '<img src="file:///etc/passwd"> "x"',
        "mrr": -5,
    },
]


def pdftotext(path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_pdf_contains_the_japanese_text(tmp_path):
    path = report_pdf("将来ニーズ", COLUMNS, ROWS, "ja", tmp_path / "needs.pdf")
    text = pdftotext(path)
    assert "将来ニーズ" in text
    assert "スマホでオフラインでも使いたい" in text
    assert "株式会社アクメ" in text and "120,000" in text
    assert '<img src="file:///etc/passwd">' in text  # shown as text, not fetched
    assert [p.name for p in tmp_path.iterdir()] == ["needs.pdf"]


def test_pdf_is_landscape_a4_with_page_numbers(tmp_path):
    rows = [{"response": f"r{i}", "text": "長い本文 " * 10} for i in range(120)]
    path = report_pdf("Needs", COLUMNS, rows, "en", tmp_path / "n.pdf")
    text = pdftotext(path)
    pages = text.count("\f")
    assert pages >= 2
    numbers = re.findall(r"(\d+)\s*/\s*(\d+)\s*\f", text)
    assert numbers == [(str(i), str(pages)) for i in range(1, pages + 1)]
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        assert "841.89 x 595.276" in info


def test_customer_text_is_escaped_in_the_html():
    html = render_html("t", COLUMNS, ROWS, "ja")
    assert '<img src="file' not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "Beta &amp; Co" in html


def test_only_the_first_rows_are_printed_with_a_note():
    rows = ({"response": f"r{i}"} for i in range(10))
    html = render_html("t", COLUMNS, rows, "en", limit=3)
    assert html.count("<tr>") == 4  # header + 3
    assert "Only the first 3 rows" in html


def test_a_failed_render_leaves_no_file(tmp_path, monkeypatch):
    import weasyprint

    def boom(*args, **kwargs):
        raise RuntimeError("render failed")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", boom)
    with pytest.raises(RuntimeError):
        report_pdf("t", COLUMNS, ROWS, "ja", tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []


def test_long_text_columns_get_the_most_width():
    html = render_html("t", COLUMNS, ROWS, "ja")
    widths = [float(w) for w in re.findall(r'<col style="width: ([\d.]+)%">', html)]
    assert len(widths) == len(COLUMNS) and abs(sum(widths) - 100) < 0.1
    assert max(widths) == widths[2]  # 本文
