"""`flask --app webapp proposals generate | list`."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import AppGroup

from .db import get_db
from .proposal_store import ensure_proposals, list_lines, pending_ids, render_proposal
from .triage_cli import open_output

proposals_cli = AppGroup("proposals", help="Sales proposals (DOCX and PDF).")


@proposals_cli.command("generate")
def generate() -> None:
    """Make DOCX+PDF for every ready, non-held opportunity without one (and retry failed ones)."""
    db = get_db()
    ensure_proposals(db)
    ids = pending_ids(db)
    failed: list[str] = []
    with click.progressbar(ids, label="Rendering proposals", file=sys.stderr,
                           show_pos=True) as bar:
        for proposal_id in bar:
            try:
                render_proposal(db, proposal_id)
            except Exception as exc:  # noqa: BLE001 - recorded on the proposal, reported below
                failed.append(f"proposal {proposal_id}: {exc}")
    click.echo(f"{len(ids) - len(failed)} proposals generated, {len(failed)} failed", err=True)
    for line in failed:
        click.echo("  " + line, err=True)
    if failed:
        raise SystemExit(1)


@proposals_cli.command("list")
@click.argument("file")
def list_command(file: str) -> None:
    """Write one JSON line per proposal ('-' for stdout)."""
    stream, close = open_output(file)
    try:
        for line in list_lines(get_db()):
            stream.write(json.dumps(line, ensure_ascii=False) + "\n")
    finally:
        if close:
            stream.close()
