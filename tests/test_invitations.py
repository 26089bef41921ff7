"""Invitations: links, mail-merge CSV, e-mail through a real local SMTP server, reminders."""

from __future__ import annotations

import csv
import io
import socket
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from app_helpers import csrf_token


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_FROM="cs@vendor.example")
    yield inbox
    controller.stop()


def test_cli_create_prints_unguessable_url(demo, runner, db):
    result = runner.invoke(
        args=["invitations", "create", "--account", "sakura-seiki", "--email", "taro@sakura.example"]
    )
    assert result.exit_code == 0, result.output
    token = result.output.strip().rsplit("/", 1)[1]
    assert len(token) >= 43  # 256 random bits, URL-safe base64
    row = db["invitations"].get(1)
    assert row["lang"] == "ja" and row["survey"] == "csat" and row["token"] == token


def test_cli_create_refuses_unknown_account_and_bad_email(demo, runner):
    result = runner.invoke(args=["invitations", "create", "--account", "ghost", "--email", "a@b.example"])
    assert result.exit_code != 0 and "ghost" in result.output
    result = runner.invoke(args=["invitations", "create", "--account", "northwind", "--email", "nope"])
    assert result.exit_code != 0 and "nope" in result.output


def post_invitations(client, account: str, emails: str, lang: str = ""):
    """Submit the admin's "create personal links" form."""
    page = client.get("/admin/invitations").get_data(as_text=True)
    return client.post("/admin/invitations", data={
        "csrf_token": csrf_token(page), "account": account, "emails": emails, "survey": "csat",
        "lang": lang})


def test_admin_creates_links_and_downloads_mail_merge_csv(demo, login, client):
    login("admin")
    response = post_invitations(client, "minato-trading",
                                "a@minato.example\nb@minato.example, a@minato.example")
    assert response.status_code == 200
    download = client.get("/admin/invitations.csv")
    assert download.data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert [r["email"] for r in rows] == ["a@minato.example", "b@minato.example"]
    assert all(r["url"].startswith("http://localhost/s/") and r["lang"] == "ja" for r in rows)
    assert rows[0]["account_name"] == "みなと商事"


def test_bad_addresses_are_reported_and_nothing_created(demo, login, client, db):
    login("admin")
    response = post_invitations(client, "northwind", "ok@nw.example\nnot-an-address", "en")
    assert response.status_code == 400
    assert "not-an-address" in response.get_data(as_text=True)
    assert db["invitations"].count == 0


def test_send_in_contact_language_then_remind_once(demo, runner, smtp, db):
    for account, email in (("sakura-seiki", "taro@sakura.example"), ("northwind", "ann@nw.example")):
        assert (
            runner.invoke(args=["invitations", "create", "--account", account, "--email", email]).exit_code
            == 0
        )
    result = runner.invoke(args=["invitations", "send"])
    assert result.exit_code == 0, result.output
    assert "2 sent" in result.output
    by_to = {m["To"]: m for m in smtp.messages}
    ja = by_to["taro@sakura.example"]
    assert "アンケート" in ja["Subject"] and "/s/" in ja.get_content()
    assert "survey" in by_to["ann@nw.example"]["Subject"].lower()

    # Nobody is reminded before N days have passed.
    assert "0 reminders" in runner.invoke(args=["invitations", "remind", "--days", "3"]).output
    db.execute("UPDATE invitations SET sent_at = '2026-01-01T00:00:00+00:00'")
    db.execute("UPDATE invitations SET response = 'r-0004' WHERE email = 'ann@nw.example'")
    db.conn.commit()
    result = runner.invoke(args=["invitations", "remind", "--days", "3"])
    assert "1 reminders sent" in result.output
    reminder = smtp.messages[-1]
    assert reminder["To"] == "taro@sakura.example" and "リマインダー" in reminder["Subject"]
    assert "0 reminders" in runner.invoke(args=["invitations", "remind", "--days", "3"]).output


def test_send_without_smtp_setting_is_a_clear_error(demo, runner):
    result = runner.invoke(args=["invitations", "send"])
    assert result.exit_code != 0 and "MAIL_SERVER" in result.output


def test_remind_button_sends_through_the_web(demo, runner, smtp, login, client, db):
    runner.invoke(args=["invitations", "create", "--account", "northwind", "--email", "ann@nw.example"])
    runner.invoke(args=["invitations", "send"])
    db.execute("UPDATE invitations SET sent_at = '2026-01-01T00:00:00+00:00'")
    db.conn.commit()
    login("admin")
    page = client.get("/admin/invitations").get_data(as_text=True)
    response = client.post("/admin/invitations/remind", data={"csrf_token": csrf_token(page), "days": "7"})
    assert response.status_code == 302
    assert len(smtp.messages) == 2 and smtp.messages[-1]["Subject"].startswith("Reminder")
