"""The `flask --app webapp …` commands of formats.md (and a few more).

Each command is a thin shell: it parses arguments, calls the function that does the
work, and turns a problem into a message and a non-zero exit.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from .db import get_db
from .importing import ImportFailed, import_accounts, import_catalog, import_responses
from .importing.accounts import load_account
from .invitations import create_invitation, send_invitations, survey_url
from .mailer import mail_enabled
from .pipeline import responses_saved
from .users import ROLES, UserError, create_user

catalog_cli = AppGroup("catalog", help="The catalog of products, plans and options.")
accounts_cli = AppGroup("accounts", help="Customer accounts.")
responses_cli = AppGroup("responses", help="Survey responses.")
users_cli = AppGroup("users", help="Logins.")
invitations_cli = AppGroup("invitations", help="Personal survey links.")


def fail(message: str) -> None:
    raise click.ClickException(message)


def _import(func, path: str):
    try:
        return func(get_db(), path)
    except ImportFailed as exc:
        fail("import failed, nothing was stored:\n" + exc.summary())


@catalog_cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
def catalog_import(file: str) -> None:
    """Load a catalog (YAML); replaces the previous catalog."""
    catalog = _import(import_catalog, file)
    click.echo(f"catalog imported: {len(catalog['products'])} products, "
               f"{len(catalog.get('options', []))} options")


@accounts_cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
def accounts_import(file: str) -> None:
    """Load accounts (.jsonl or .csv); upsert by id."""
    click.echo(f"{_import(import_accounts, file)} accounts imported")


@responses_cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
def responses_import(file: str) -> None:
    """Load survey responses (.jsonl or .csv); ids already present are skipped."""
    inserted, skipped = _import(import_responses, file)
    responses_saved(get_db(), inserted)
    click.echo(f"{len(inserted)} responses imported, {skipped} skipped (already present)")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--password", required=True)
@click.option("--name", default=None)
def users_create(email: str, role: str, password: str, name: str | None) -> None:
    """Create a login."""
    try:
        user = create_user(get_db(), email, role, password, name)
    except UserError as exc:
        fail(str(exc))
    click.echo(f"user {user.email} ({user.role}) created")


@invitations_cli.command("create")
@click.option("--account", "account_id", required=True)
@click.option("--email", required=True)
@click.option("--survey", default=None)
@click.option("--lang", type=click.Choice(["ja", "en"]), default=None)
def invitations_create(account_id: str, email: str, survey: str | None, lang: str | None) -> None:
    """Create a personal survey link and print its URL."""
    from .importing.fields import EMAIL_RE

    db = get_db()
    account = load_account(db, account_id)
    if account is None:
        fail(f"unknown account '{account_id}'")
    if not EMAIL_RE.match(email):
        fail(f"'{email}' is not an e-mail address")
    try:
        invitation = create_invitation(db, account, email, survey, lang)
    except ValueError as exc:
        fail(str(exc))
    click.echo(survey_url(invitation))


@invitations_cli.command("send")
def invitations_send() -> None:
    """E-mail every invitation not sent yet (needs MAIL_SERVER)."""
    if not mail_enabled():
        fail("e-mail is not configured: set MAIL_SERVER (FLASK_MAIL_SERVER)")
    result = send_invitations(get_db())
    click.echo(f"{result['sent']} sent, {result['failed']} failed")


@invitations_cli.command("remind")
@click.option("--days", default=7, show_default=True, type=click.IntRange(0, 365))
def invitations_remind(days: int) -> None:
    """Remind, once, those who have not answered N days after their invitation."""
    if not mail_enabled():
        fail("e-mail is not configured: set MAIL_SERVER (FLASK_MAIL_SERVER)")
    result = send_invitations(get_db(), reminder_after_days=days)
    click.echo(f"{result['sent']} reminders sent, {result['failed']} failed")


def register_cli(app: Flask) -> None:
    from .backup import backup_command
    from .demo import demo_command
    from .proposals_cli import proposals_cli
    from .reports_cli import reports_cli
    from .triage_cli import triage_cli

    for group in (catalog_cli, accounts_cli, responses_cli, users_cli, invitations_cli, triage_cli,
                  proposals_cli, reports_cli):
        app.cli.add_command(group)
    app.cli.add_command(demo_command)
    app.cli.add_command(backup_command)
