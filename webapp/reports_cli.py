"""`flask --app webapp reports complaints FILE` and `reports future-needs FILE`.

The format follows the extension: `.csv` (UTF-8 with BOM, for Excel) or `.pdf`;
`-` writes CSV to standard output.
"""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from .db import get_db
from .i18n import current_lang
from .i18n import gettext as _
from .reports.csv_export import write_csv
from .reports.pdf_export import report_pdf
from .reports_store import (
    COLUMN_LABELS,
    COMPLAINT_COLUMNS,
    COMPLAINT_PDF_COLUMNS,
    NEED_COLUMNS,
    NEED_PDF_COLUMNS,
    complaint_rows,
    future_need_rows,
)

reports_cli = AppGroup("reports", help="Reports for the product team (CSV or PDF).")


def _write(rows, columns: list[str], pdf_columns: list[str], title: str, file: str) -> None:
    if file == "-":
        count = write_csv(rows, columns, sys.stdout)
    elif file.lower().endswith(".csv"):
        count = write_csv(rows, columns, file)
    elif file.lower().endswith(".pdf"):
        report_pdf(title, [(c, _(COLUMN_LABELS[c])) for c in pdf_columns], rows, current_lang(), file)
        count = None
    else:
        raise click.ClickException(f"{file}: use a .csv or .pdf file name, or - for standard output")
    if file != "-":
        click.echo(f"{file} written" + (f" ({count} rows)" if count is not None else ""), err=True)


@reports_cli.command("complaints")
@click.argument("file")
def complaints(file: str) -> None:
    """One row per complaint: response, account, text, product, NPS, age, status."""
    _write(complaint_rows(get_db()), COMPLAINT_COLUMNS, COMPLAINT_PDF_COLUMNS, _("Complaints"), file)


@reports_cli.command("future-needs")
@click.argument("file")
def future_needs(file: str) -> None:
    """One row per future need, with its theme."""
    _write(
        future_need_rows(get_db(), current_lang()), NEED_COLUMNS, NEED_PDF_COLUMNS, _("Future needs"), file
    )
