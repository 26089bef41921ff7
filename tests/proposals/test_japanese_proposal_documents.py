"""A Japanese account gets a Japanese PDF and DOCX that quote the customer, name the plan
and state the ROI figures exactly as formatted; the Japanese font is embedded."""

from __future__ import annotations

import pytest
from proposal_helpers import docx_text, pdf_fonts, pdf_text, squash

from webapp.proposals import render_docx, render_pdf

QUOTE = "海外子会社との外貨建て取引を処理できず、Excelで換算しています。"
EXPECTED = [
    "ご提案書",
    "さくら精機株式会社 御中",
    "P-2026-0017",
    "2026年11月24日",  # date
    "2026年12月24日",  # valid until (30 days)
    "山田 花子",
    "「" + QUOTE + "」",
    "スタンダードプラン",
    "月約6時間の作業を削減",  # an outcome, not a feature
    "30,000円",  # today
    "60,000円",  # Standard monthly
    "+30,000円",  # difference from today
    "104,000円",  # 26 h × 4,000円
    "1,248,000円",  # per year
    "+360,000円",  # extra cost in the first year
    "+888,000円",  # net first-year gain
    "即時（初期費用なし）",  # payback
    "今すぐ",  # timing: 9 of 10 seats
    "オンライン会議",  # channel
    "費用対効果",
    "今後の進め方",
]


@pytest.fixture(scope="module")
def documents(tmp_path_factory, sakura_content):
    content = sakura_content
    folder = tmp_path_factory.mktemp("ja")
    return render_pdf(content, folder / "p.pdf"), render_docx(content, folder / "p.docx")


@pytest.mark.parametrize("expected", EXPECTED)
def test_pdf_says_it_in_japanese(documents, expected):
    assert squash(expected) in squash(pdf_text(documents[0]))


@pytest.mark.parametrize("expected", EXPECTED)
def test_docx_says_it_in_japanese(documents, expected):
    assert expected in docx_text(documents[1])


def test_pdf_embeds_the_japanese_font(documents):
    fonts = pdf_fonts(documents[0])
    rows = [line.split() for line in fonts.splitlines() if "IPAexGothic" in line]
    assert rows, fonts
    # columns: name type... emb sub uni object ID; 'emb' is the 3rd value from "yes yes yes"
    assert all(row[-5] == "yes" for row in rows), fonts


def test_pdf_has_page_numbers(documents):
    text = pdf_text(documents[0])
    assert "1 / 3" in text or "1/3" in squash(text)


def test_docx_sets_the_east_asian_font(documents):
    from docx import Document
    from docx.oxml.ns import qn

    normal = Document(str(documents[1])).styles["Normal"].element
    fonts = normal.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "IPAexGothic"


def test_documents_have_no_english_headings(documents):
    assert "Return on investment" not in pdf_text(documents[0])
    assert "Return on investment" not in docx_text(documents[1])
