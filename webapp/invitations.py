"""Invitations: one personal survey link per contact, mail merge, e-mail and reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlite_utils import Database

from .db import now
from .i18n import gettext as _
from .i18n import localized
from .links import external_url
from .mailer import Mail, send_all
from .surveys import get_survey
from .tokens import new_token, well_formed


def create_invitation(db: Database, account: dict, email: str, survey_id: str | None = None,
                      lang: str | None = None) -> dict:
    """A new personal link for `email`; an open one for the same contact and survey is reused."""
    survey = get_survey(survey_id)
    if survey is None:
        raise ValueError(_("unknown survey '{id}'", id=survey_id))
    existing = next(db.query(
        "SELECT * FROM invitations WHERE account = ? AND email = ? COLLATE NOCASE AND survey = ?"
        " AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)",
        [account["id"], email, survey.id, now()]), None)
    if existing:
        return existing
    days = int(current_app.config["INVITATION_DAYS"])
    row = {
        "token": new_token(), "account": account["id"], "email": email, "survey": survey.id,
        "lang": lang or account.get("lang") or "ja", "created_at": now(),
        "expires_at": (datetime.now(UTC) + timedelta(days=days)).isoformat(timespec="seconds"),
    }
    with db.atomic():
        row["id"] = db["invitations"].insert(row).last_pk
    return row


def find_open_invitation(db: Database, token: str | None) -> dict | None:
    """The invitation of a survey link, or None when unknown, revoked or expired."""
    if not well_formed(token):
        return None
    row = next(db.query("SELECT * FROM invitations WHERE token = ?", [token]), None)
    if row is None or row["revoked_at"] or (row["expires_at"] and row["expires_at"] < now()):
        return None
    return row


def survey_url(invitation: dict) -> str:
    return external_url("survey.answer", token=invitation["token"])


def mail_merge_rows(db: Database, account_id: str | None = None) -> list[dict]:
    sql = ("SELECT i.*, a.name AS account_name FROM invitations i JOIN accounts a ON a.id = i.account"
           " WHERE i.revoked_at IS NULL" + (" AND i.account = ?" if account_id else "")
           + " ORDER BY i.id")
    rows = db.query(sql, [account_id] if account_id else [])
    return [{"account": r["account"], "account_name": r["account_name"], "email": r["email"],
             "lang": r["lang"], "survey": r["survey"], "url": survey_url(r),
             "expires_at": r["expires_at"], "answered": "yes" if r["response"] else "no"}
            for r in rows]


def _mail_for(invitation: dict, account_name: str, reminder: bool) -> Mail:
    lang = invitation["lang"]
    survey = get_survey(invitation["survey"])
    title = localized(survey.title, lang) if survey else ""
    subject = _("Reminder: {title}", lang, title=title) if reminder else title
    body = _(
        "Dear {account} team,\n\nWe would value five minutes of your time to tell us how our "
        "service works for you. Your personal link:\n\n{url}\n\nThe link is yours alone and "
        "works until {expires}. Thank you.\n",
        lang, account=account_name, url=survey_url(invitation),
        expires=(invitation["expires_at"] or "")[:10],
    )
    return Mail(to=invitation["email"], subject=subject, body=body)


def send_invitations(db: Database, invitation_ids: list[int] | None = None,
                     reminder_after_days: int | None = None) -> dict[str, int]:
    """E-mail unsent invitations, or, with `reminder_after_days`, remind non-answerers once."""
    if reminder_after_days is None:
        where = "i.sent_at IS NULL"
        params: list = []
    else:
        cutoff = (datetime.now(UTC) - timedelta(days=reminder_after_days)).isoformat(timespec="seconds")
        where = "i.sent_at IS NOT NULL AND i.sent_at <= ? AND i.reminded_at IS NULL"
        params = [cutoff]
    sql = (f"SELECT i.*, a.name AS account_name FROM invitations i JOIN accounts a ON a.id = i.account"
           f" WHERE {where} AND i.response IS NULL AND i.revoked_at IS NULL"
           f" AND (i.expires_at IS NULL OR i.expires_at > ?)")
    params.append(now())
    rows = list(db.query(sql, params))
    if invitation_ids is not None:
        rows = [r for r in rows if r["id"] in set(invitation_ids)]
    results = send_all([_mail_for(r, r["account_name"], reminder_after_days is not None) for r in rows])
    column = "reminded_at" if reminder_after_days is not None else "sent_at"
    sent = [r["id"] for r in rows if results.get(r["email"]) is None]
    with db.atomic():
        for invitation_id in sent:
            db["invitations"].update(invitation_id, {column: now()})
    return {"sent": len(sent), "failed": len(rows) - len(sent)}
