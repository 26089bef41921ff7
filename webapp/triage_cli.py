"""`flask --app webapp triage run | export | evaluate`."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import AppGroup

from .db import get_db
from .triage_store import export_lines, triage_responses

triage_cli = AppGroup("triage", help="Sort responses into complaint, ready, cannot_address_now, no_action.")


def open_output(path: str):
    """A text stream for FILE, or stdout for '-'."""
    if path == "-":
        return sys.stdout, False
    try:
        return open(path, "w", encoding="utf-8", newline="\n"), True
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from exc


@triage_cli.command("run")
@click.option("--all", "redo_all", is_flag=True, help="Redo every response (human overrides are kept).")
def run(redo_all: bool) -> None:
    """Triage every response not yet triaged."""
    done = triage_responses(get_db(), redo_all=redo_all)
    click.echo(f"{len(done)} responses triaged", err=True)


@triage_cli.command("export")
@click.argument("file")
def export(file: str) -> None:
    """Write one JSON line per triaged response ('-' for stdout)."""
    stream, close = open_output(file)
    count = 0
    try:
        for line in export_lines(get_db()):
            stream.write(json.dumps(line, ensure_ascii=False) + "\n")
            count += 1
    finally:
        if close:
            stream.close()
    if file != "-":
        click.echo(f"{count} lines written to {file}", err=True)


@triage_cli.command("evaluate")
@click.argument("labels", type=click.Path(exists=True, dir_okay=False))
def evaluate_command(labels: str) -> None:
    """Compare stored triage with LABELS.jsonl: accuracy, macro-F1, confusion matrix."""
    from .triage.evaluate import evaluate, format_report

    wanted = []
    with open(labels, encoding="utf-8-sig") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise click.ClickException(f"{labels}:{number}: not valid JSON ({exc.msg})") from exc
            if not isinstance(record, dict) or "response" not in record or "category" not in record:
                raise click.ClickException(f"{labels}:{number}: needs 'response' and 'category'")
            wanted.append(record)
    exported = {line["response"]: line for line in export_lines(get_db())}
    missing = [r["response"] for r in wanted if r["response"] not in exported]
    if missing:
        click.echo(f"warning: {len(missing)} labelled responses are not triaged "
                   f"(first: {missing[0]}); they count as wrong", err=True)
    click.echo(format_report(evaluate(wanted, exported)))
