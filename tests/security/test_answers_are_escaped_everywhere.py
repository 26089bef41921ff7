"""Markup and template syntax in customer answers are shown as text, everywhere.

The `hostile` fixture imports two responses whose answers contain `<script>…</script>`,
`<img src=x onerror=…>` and `{{7*7}}`: they must come back literally (never as tags, never
evaluated) on every page, in the CSV files, the proposal PDF and DOCX and the report PDFs.
"""

from __future__ import annotations

import csv
import io
import subprocess

import pytest
from docx import Document
from security_helpers import IMG, SCRIPT, TEMPLATE, assert_tags_never_rendered, flat, soup


def pdf_text(data: bytes, tmp_path, mode: str = "-layout") -> str:
    """pdftotext's reading: `-raw` keeps a table cell's lines together."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", mode, str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def assert_literal(text: str) -> None:
    for payload in (SCRIPT, IMG, TEMPLATE):
        assert payload in text


def ready_proposal(db) -> int:
    return db.execute("SELECT id FROM proposals WHERE response = 'x-ready'").fetchone()[0]


@pytest.mark.parametrize(
    "role, path",
    [
        ("rep", "/triage/r/x-ready"),
        ("rep", "/triage/r/x-complaint"),
        ("rep", "/admin/responses"),
        ("admin", "/admin/responses"),
        ("product", "/reports/complaints"),
        ("product", "/reports/future-needs"),
    ],
)
def test_pages_show_the_markup_as_text(role, path, hostile, login, client):
    login(role)
    response = client.get(path)
    assert response.status_code == 200
    page = soup(response)
    assert_tags_never_rendered(page)
    assert_literal(page.select_one("main").get_text())


def test_rep_proposal_page_renders_no_customer_markup(hostile, login, client, db):
    login("rep")
    response = client.get(f"/reps/proposals/{ready_proposal(db)}")
    assert response.status_code == 200
    assert_tags_never_rendered(soup(response))


@pytest.mark.parametrize(
    "path, column", [("/reports/complaints.csv", "comment"), ("/reports/future-needs.csv", "text")]
)
def test_report_csv_holds_the_markup_as_plain_text(path, column, hostile, login, client):
    login("product")
    body = client.get(path).get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert any(SCRIPT in " ".join(row.values()) for row in rows), rows[:1]
    cells = [cell for row in rows for cell in row.values() if SCRIPT in cell]
    for cell in cells:
        assert_literal(cell)


def test_proposal_pdf_and_docx_show_the_literal_text(hostile, login, client, db, tmp_path):
    login("rep")
    pid = ready_proposal(db)
    text = pdf_text(client.get(f"/reps/proposals/{pid}.pdf").data, tmp_path)
    assert_literal(text.replace("\n", " "))
    docx = Document(io.BytesIO(client.get(f"/reps/proposals/{pid}.docx").data))
    quoted = [p.text for p in docx.paragraphs if SCRIPT in p.text]
    assert quoted
    assert_literal(" ".join(quoted))


@pytest.mark.parametrize("path", ["/reports/complaints.pdf", "/reports/future-needs.pdf"])
def test_report_pdfs_show_the_literal_text(path, hostile, login, client, tmp_path):
    login("product")
    response = client.get(path)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    text = flat(pdf_text(response.data, tmp_path, "-raw"))
    for payload in (SCRIPT, IMG, TEMPLATE):
        assert flat(payload) in text
