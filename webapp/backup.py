"""`flask --app webapp backup FILE`: a consistent copy of the live database.

Uses SQLite's online backup API, so the copy is consistent even while the app writes
(WAL readers and writers are not blocked for long). Restore: stop the app, copy the
backup over the DATABASE file (and delete its -wal and -shm files), start the app; see
docs/OPERATIONS.md.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


def backup_to(database: str | Path, target: str | Path) -> str:
    """Copy `database` to `target` (replaced atomically); returns the integrity check result."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(str(database))
    copy = sqlite3.connect(str(partial))
    try:
        source.backup(copy, pages=1024)
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
        source.close()
    if result != "ok":
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"integrity check of the copy failed: {result}")
    partial.replace(target)
    return result


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(file: str) -> None:
    """Write a consistent copy of the database to FILE (SQLite online backup)."""
    try:
        backup_to(current_app.config["DATABASE"], file)
    except (sqlite3.Error, OSError, RuntimeError) as exc:
        raise click.ClickException(f"backup failed: {exc}") from exc
    click.echo(f"backup written to {file} (integrity ok)")
