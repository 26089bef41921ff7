"""Outgoing e-mail over SMTP, switched on by the MAIL_SERVER setting.

Kept to the standard library: one message at a time, one connection per batch, and a
failure is reported per recipient instead of stopping the batch.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app


@dataclass
class Mail:
    to: str
    subject: str
    body: str


def mail_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send_all(mails: list[Mail]) -> dict[str, str | None]:
    """Send each mail; returns recipient → None when sent, or the error text."""
    cfg = current_app.config
    results: dict[str, str | None] = {}
    if not mails:
        return results
    with smtplib.SMTP(cfg["MAIL_SERVER"], int(cfg.get("MAIL_PORT", 25)), timeout=15) as smtp:
        if cfg.get("MAIL_USE_TLS"):
            smtp.starttls()
        if cfg.get("MAIL_USERNAME"):
            smtp.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD", ""))
        for mail in mails:
            msg = EmailMessage()
            msg["From"] = formataddr((cfg.get("MAIL_FROM_NAME", ""), cfg["MAIL_FROM"]))
            msg["To"] = mail.to
            msg["Subject"] = mail.subject
            msg["Message-ID"] = make_msgid()
            msg.set_content(mail.body)
            try:
                smtp.send_message(msg)
                results[mail.to] = None
            except smtplib.SMTPException as exc:
                results[mail.to] = str(exc)
    return results
