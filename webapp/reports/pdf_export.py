"""A report as an A4 landscape PDF table, for a meeting.

WeasyPrint renders HTML from `report.html` (Jinja, autoescape on: the cells are
customer text) styled by `report.css` (a file, because autoescape would break the
quoted font names in an inline style). Customer text could carry ``<img src=file:...>``
if escaping ever failed, so the URL fetcher refuses every URL: a report needs nothing
from outside. The file is written to a temporary name and renamed, so a half-written
PDF is never served.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from itertools import islice
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from webapp.files import atomic_write

HERE = Path(__file__).parent
DEFAULT_LIMIT = 1000
LABELS = {
    "ja": {
        "generated": "作成日時",
        "rows": "件数",
        "more": "先頭の %d 件のみ表示しています。全件は CSV をご覧ください。",
    },
    "en": {
        "generated": "Generated",
        "rows": "Rows",
        "more": "Only the first %d rows are shown; the CSV has them all.",
    },
}


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(HERE),
        autoescape=select_autoescape(
            enabled_extensions=("html",), default_for_string=True, default=True
        ),
    )


@lru_cache(maxsize=1)
def _css_text() -> str:
    return (HERE / "report.css").read_text(encoding="utf-8")


def _fetcher():
    """A WeasyPrint 70 fetcher (it must subclass URLFetcher) that refuses every URL."""
    from weasyprint import URLFetcher

    class RefuseAll(URLFetcher):
        def fetch(self, url: str, headers: Mapping | None = None):  # noqa: ARG002
            raise ValueError(f"report PDFs load nothing from outside: {url[:80]}")

    return RefuseAll(allowed_protocols=set())


def cell_text(value: object) -> tuple[str, bool]:
    """A value as shown in the table, and whether it is a number (right-aligned)."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("✓" if value else ""), False
    if isinstance(value, int):
        return f"{value:,}", True
    if isinstance(value, float | Decimal):
        return f"{value:,.1f}", True
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ", timespec="minutes") if isinstance(
            value, datetime
        ) else value.isoformat(), False
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return "; ".join(str(v) for v in items), False
    return str(value), False


def render_html(
    title: str,
    columns: Sequence[tuple[str, str]],
    rows: Iterable[Mapping[str, object]],
    lang: str,
    limit: int = DEFAULT_LIMIT,
) -> str:
    """The HTML that becomes the PDF; separate so tests can inspect it."""
    it = iter(rows)
    cells = [
        [dict(zip(("text", "num"), cell_text(row.get(key)), strict=True)) for key, _ in columns]
        for row in islice(it, limit)
    ]
    more = next(it, None) is not None
    return (
        _env()
        .get_template("report.html")
        .render(
            title=title,
            columns=columns,
            widths=column_widths([label for _, label in columns], cells),
            rows=cells,
            lang=lang if lang in LABELS else "en",
            labels=LABELS.get(lang, LABELS["en"]),
            shown=len(cells),
            more=more,
            limit=limit,
            generated_at=datetime.now().strftime("%Y-%m-%d %H:%M"),
        )
    )


def column_widths(labels: Sequence[str], cells: Sequence[Sequence[dict]]) -> list[float]:
    """Column widths in % from the header and the first rows' text lengths.

    The table uses `table-layout: fixed` (2-3x faster in WeasyPrint than auto, which
    measures every cell of every page), so the widths are decided here instead.
    """
    sample = cells[:50]
    weights = []
    for i, label in enumerate(labels):
        lengths = [_width(str(label))] + [_width(row[i]["text"]) for row in sample]
        weights.append(min(max(lengths[0], sum(lengths) / len(lengths), 4.0), 60.0))
    total = sum(weights) or 1.0
    return [round(100.0 * w / total, 2) for w in weights]


def _width(text: str) -> float:
    """Display width: CJK characters count double."""
    return float(sum(2 if ord(c) > 0x2E7F else 1 for c in text))


def report_pdf(
    title: str,
    columns: Sequence[tuple[str, str]],
    rows: Iterable[Mapping[str, object]],
    lang: str,
    path: str | os.PathLike[str],
    limit: int = DEFAULT_LIMIT,
) -> Path:
    """Write the table of `rows` (first `limit` of them) as a PDF at `path`; returns it.

    `columns` are (row key, header label) pairs in display order.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_html(title, columns, rows, lang, limit)
    fetcher = _fetcher()
    fonts = FontConfiguration()
    css = CSS(string=_css_text(), font_config=fonts, url_fetcher=fetcher)
    target = Path(path)
    with atomic_write(target) as fh:
        HTML(string=html, url_fetcher=fetcher).write_pdf(fh, stylesheets=[css], font_config=fonts)
    return target
