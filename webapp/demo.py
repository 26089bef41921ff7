"""`flask --app webapp demo`: a working system to look at in one command.

Creates the schema, loads the demo catalog, accounts and responses from `demo/`,
creates one login per role with a fresh random password (printed, never stored in
the repository), and one survey link per demo account.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask.cli import with_appcontext
from werkzeug.security import generate_password_hash

from .db import get_db, migrate
from .importing import ImportFailed, import_accounts, import_catalog, import_responses
from .importing.accounts import load_account
from .invitations import create_invitation, survey_url
from .pipeline import responses_saved
from .users import create_user

PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
DEMO_USERS = [("admin@example.com", "admin", "Admin"), ("rep@example.com", "rep", "Sato Rep"),
              ("rep2@example.com", "rep", "Jones Rep"), ("product@example.com", "product", "Product Team")]


def load_demo(db, folder: Path = DEMO_DIR) -> dict[str, str]:
    """Load the demo data; returns e-mail → password of the demo logins."""
    migrate(db)
    import_catalog(db, folder / "catalog.yaml")
    import_accounts(db, folder / "accounts.jsonl")
    inserted, _skipped = import_responses(db, folder / "responses.jsonl")
    responses_saved(db, inserted)
    passwords = {}
    for email, role, name in DEMO_USERS:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(12))
        passwords[email] = password
        row = next(db.query("SELECT id FROM users WHERE email = ?", [email]), None)
        if row:
            with db.atomic():
                db["users"].update(row["id"], {"password_hash": generate_password_hash(password)})
        else:
            create_user(db, email, role, password, name)
    return passwords


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create the database and load demo data, logins and survey links."""
    db = get_db()
    try:
        passwords = load_demo(db)
    except ImportFailed as exc:
        raise click.ClickException(exc.summary()) from exc
    click.echo("Demo data loaded. Logins (passwords are new each time this runs):")
    for email, role, _name in DEMO_USERS:
        click.echo(f"  {role:8} {email:22} {passwords[email]}")
    from .proposal_store import ensure_proposals, pending_ids, render_proposal

    ensure_proposals(db)
    for proposal_id in pending_ids(db):  # documents ready at once; the worker does new ones
        render_proposal(db, proposal_id)
    click.echo("Survey links:")
    for row in db.query("SELECT id FROM accounts ORDER BY id"):
        account = load_account(db, row["id"])
        invitation = create_invitation(db, account, f"contact@{account['id']}.example")
        click.echo(f"  {account['name']}: {survey_url(invitation)}")
