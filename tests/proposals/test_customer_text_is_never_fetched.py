"""Markup typed into a survey is printed as text in both documents, and the PDF fetcher
reads nothing outside proposal_templates/ (no local files, no network)."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from proposal_helpers import decision, docx_text, make_content, pdf_text, squash
from weasyprint import HTML

from webapp.proposals import ProposalSettings, render_docx, render_pdf
from webapp.proposals.content import DEFAULT_COLOR, safe_color
from webapp.proposals.pdf_render import RefusedURL, TemplateFetcher
from webapp.proposals.wording import TEMPLATES_DIR

IMG = '<img src="file:///etc/passwd">'
LINK = '<link rel=attachment href="file:///etc/passwd">'
PASSWD_MARKERS = (b"root:x:0:0", b"/bin/bash", b"/usr/sbin/nologin")
# A 1×1 transparent PNG, standing for a logo the admin uploaded.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture
def hostile(catalog, accounts, tmp_path):
    text = f"外貨の取引が処理できない {IMG} {LINK} http://169.254.169.254/latest/meta-data"
    response = {
        "id": "r-x",
        "account": "sakura-seiki",
        "lang": "ja",
        "answers": {"nps": 9, "blocked_need": text},
    }
    dec = decision(
        response,
        "upsell",
        "accounting-standard",
        [{"kind": "need_addressable", "text": text, "item": "multi-currency"}],
    )
    logo = tmp_path / "uploads" / "logo.png"
    logo.parent.mkdir()
    logo.write_bytes(PNG)
    settings = ProposalSettings(
        company_name="<b>ACME</b> & Co",
        logo_path=logo,
        primary_color="red; background: url(file:///etc/passwd)",
    )
    return make_content(
        account=accounts["sakura-seiki"],
        response=response,
        dec=dec,
        catalog=catalog,
        settings=settings,
        rep='<img src="http://x/y">',
    )


def _outside(url: str) -> bool:
    if url.startswith("data:"):
        return False
    return not url.startswith(TEMPLATES_DIR.as_uri() + "/")


def test_markup_in_answers_is_text_in_the_pdf_and_nothing_is_fetched(hostile, tmp_path):
    fetcher = TemplateFetcher()
    path = render_pdf(hostile, tmp_path / "p.pdf", fetcher=fetcher)
    assert not [url for url in fetcher.requested if _outside(url)], fetcher.requested
    assert fetcher.refused == []
    text = squash(pdf_text(path))
    assert squash(IMG) in text and squash(LINK) in text
    assert squash("<b>ACME</b> & Co") in text
    data = path.read_bytes()
    assert b"/EmbeddedFile" not in data and b"/Filespec" not in data
    assert not any(marker in data for marker in PASSWD_MARKERS)
    assert not any(marker.decode() in pdf_text(path) for marker in PASSWD_MARKERS)


def test_markup_in_answers_is_text_in_the_docx(hostile, tmp_path):
    text = docx_text(render_docx(hostile, tmp_path / "p.docx"))
    assert IMG in text and LINK in text and '<img src="http://x/y">' in text
    assert "<b>ACME</b> & Co" in text


def test_a_bad_colour_never_reaches_the_stylesheet(hostile):
    assert hostile.primary_color == DEFAULT_COLOR
    assert safe_color("#abc") == "#abc" and safe_color("#A1B2C3") == "#A1B2C3"
    for bad in ("red", "#12345", "#1234567", "#fff;}", "", None):
        assert safe_color(bad) == DEFAULT_COLOR


def test_even_unescaped_markup_cannot_fetch_local_files(tmp_path):
    """Defence in depth: were a template ever to print raw HTML, the fetcher still refuses."""
    fetcher = TemplateFetcher()
    html = HTML(
        string=f"<p>x</p>{IMG}{LINK}<img src='http://127.0.0.1:9/x.png'>"
        "<link rel=stylesheet href='../../../../etc/passwd'>",
        base_url=TEMPLATES_DIR.as_uri() + "/",
        url_fetcher=fetcher,
    )
    data = html.write_pdf()
    assert "file:///etc/passwd" in fetcher.refused
    assert "http://127.0.0.1:9/x.png" in fetcher.refused
    assert all(_outside(url) for url in fetcher.refused)
    assert b"/EmbeddedFile" not in data
    assert not any(marker in data for marker in PASSWD_MARKERS)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://evil.example/etc/passwd",
        TEMPLATES_DIR.as_uri() + "/../../../etc/passwd",
        TEMPLATES_DIR.as_uri() + "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        TEMPLATES_DIR.as_uri() + "/no-such-file.png",
        TEMPLATES_DIR.as_uri(),  # the folder itself, not a file
        "http://127.0.0.1:9/x.png",
        "https://example.com/logo.png",
        "ftp://example.com/x",
        "javascript:alert(1)",
    ],
)
def test_fetcher_refuses_anything_outside_the_templates_folder(url):
    fetcher = TemplateFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.requested == [url]


def test_fetcher_refuses_a_symlink_that_leads_out(tmp_path):
    root = tmp_path / "templates"
    root.mkdir()
    os.symlink("/etc/passwd", root / "innocent.css")
    fetcher = TemplateFetcher(root)
    with pytest.raises(RefusedURL):
        fetcher.fetch((root / "innocent.css").as_uri())
    assert fetcher.refused == [(root / "innocent.css").as_uri()]


def test_fetcher_serves_template_files_and_data_urls():
    fetcher = TemplateFetcher()
    css = fetcher.fetch((TEMPLATES_DIR / "proposal.css").as_uri())
    assert b"@page" in css.read() and css.content_type == "text/css"
    data = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert data.read() == b"hello"
    assert fetcher.refused == []


def test_uploaded_logo_is_inlined_not_fetched(hostile, tmp_path):
    fetcher = TemplateFetcher()
    render_pdf(hostile, tmp_path / "p.pdf", fetcher=fetcher)
    assert any(url.startswith("data:image/png;base64,") for url in fetcher.requested)
    assert Path(str(hostile.logo_path)).as_uri() not in fetcher.requested
