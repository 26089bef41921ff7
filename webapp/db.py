"""Database access: one sqlite-utils Database per request, WAL mode, migrations.

SQLite in WAL mode lets survey submissions write while reports read. Every connection
gets a busy timeout so that two gunicorn workers wait for each other instead of
failing with "database is locked", and foreign keys on.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask, current_app, g
from flask.cli import with_appcontext
from sqlite_utils import Database

from .migrations import migrations

BUSY_TIMEOUT_MS = 10_000


def connect(path: str | Path) -> Database:
    """Open the SQLite file with the settings every connection of the app needs."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    return Database(conn)


def get_db() -> Database:
    """The request's database, opened on first use and closed at teardown."""
    if "db" not in g:
        g.db = connect(current_app.config["DATABASE"])
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def migrate(db: Database) -> list[str]:
    """Switch on WAL (outside any transaction) and apply pending migrations."""
    db.conn.execute("PRAGMA journal_mode = WAL")
    pending = [m.name for m in migrations.pending(db)]
    migrations.apply(db)
    return pending


def now() -> str:
    """UTC timestamp in ISO 8601, the one format every table uses."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def loads(value: str | None, default=None):
    return json.loads(value) if value else default


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or migrate the schema; safe to run twice."""
    applied = migrate(get_db())
    if applied:
        click.echo("Applied migrations: " + ", ".join(applied))
    click.echo(f"Database ready: {current_app.config['DATABASE']}")


def init_app(app: Flask) -> None:
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
