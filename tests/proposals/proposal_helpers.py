"""Helpers shared by the proposal tests (a uniquely named module, so it can't clash with
another folder's conftest): hand-written triage decisions and document readers."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from webapp.proposals import ProposalSettings, build_content

TODAY = dt.date(2026, 11, 24)


def decision(
    response: dict,
    kind: str,
    item: str,
    findings: list[dict] | None = None,
    approach: str = "proactive",
) -> dict[str, Any]:
    """A triage-export line (formats.md) with one ready opportunity."""
    return {
        "response": response["id"],
        "account": response["account"],
        "category": "ready",
        "approach": approach,
        "opportunities": [
            {"kind": kind, "item": item, "held": False, "reasons": [f"test: {kind} {item}"]}
        ],
        "findings": findings or [],
        "reasons": ["written by hand for tests"],
        "overridden_by": None,
    }


def make_content(
    *,
    account: dict,
    response: dict,
    dec: dict,
    catalog: dict,
    settings: ProposalSettings,
    today: dt.date = TODAY,
    rep: str = "山田 花子",
):
    return build_content(
        account=account,
        response=response,
        decision=dec,
        opportunity=dec["opportunities"][0],
        catalog=catalog,
        settings=settings,
        number="P-2026-0017",
        rep_name=rep,
        rep_email="rep@example.com",
        today=today,
    )


def squash(text: str) -> str:
    """Text without whitespace: PDF extraction breaks lines wherever the layout did."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return result.stdout.decode("utf-8")


def pdf_fonts(path: Path) -> str:
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts (poppler-utils) is not installed")
    result = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, timeout=60)
    return result.stdout.decode("utf-8")


def docx_text(path: Path) -> str:
    """Paragraphs, then every table cell, then header and footer, one per line."""
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)
