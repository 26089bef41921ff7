"""Fixtures of the security tests: a populated app with a proposal, links and invitations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from webapp.db import now
from webapp.tokens import new_token

from security_helpers import HOSTILE_RESPONSES, write_jsonl


@dataclass(frozen=True)
class World:
    """Ids and tokens that routes take, all on accounts owned by rep@example.com."""

    proposal: int  # r-0001, sakura-seiki
    response: str
    complaint: str  # r-0002, minato-trading
    survey_token: str
    spare_invitation: int  # for the revoke button
    pdf_token: str
    spare_link: int  # for the revoke button
    other_rep_response: str  # r-0004, northwind (rep2)


def invite(runner, account: str, email: str) -> str:
    result = runner.invoke(args=["invitations", "create", "--account", account, "--email", email])
    assert result.exit_code == 0, result.output
    return result.output.strip().rsplit("/", 1)[1]


def add_link(db, proposal: int, days: int = 30) -> tuple[int, str]:
    token = new_token()
    expires = (datetime.now(UTC) + timedelta(days=days)).isoformat(timespec="seconds")
    with db.atomic():
        link_id = db["proposal_links"].insert({
            "proposal": proposal, "token": token, "created_by": "rep@example.com",
            "created_at": now(), "expires_at": expires}).last_pk
    return link_id, token


@pytest.fixture
def proposals(demo, runner):
    result = runner.invoke(args=["proposals", "generate"])
    assert result.exit_code == 0, result.output
    return demo


@pytest.fixture
def world(proposals, runner, db, users) -> World:
    proposal = db.execute("SELECT id FROM proposals WHERE response = 'r-0001'").fetchone()[0]
    survey_token = invite(runner, "sakura-seiki", "taro@sakura.example")
    invite(runner, "sakura-seiki", "hanako@sakura.example")
    spare_invitation = db.execute(
        "SELECT id FROM invitations WHERE email = 'hanako@sakura.example'").fetchone()[0]
    _link, pdf_token = add_link(db, proposal)
    spare_link, _token = add_link(db, proposal)
    return World(proposal=proposal, response="r-0001", complaint="r-0002", survey_token=survey_token,
                 spare_invitation=spare_invitation, pdf_token=pdf_token, spare_link=spare_link,
                 other_rep_response="r-0004")


@pytest.fixture
def hostile(demo, runner, tmp_path):
    """The demo plus two responses whose answers carry script, event-handler and template text."""
    path = write_jsonl(tmp_path / "hostile.jsonl", HOSTILE_RESPONSES)
    result = runner.invoke(args=["responses", "import", str(path)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["proposals", "generate"])
    assert result.exit_code == 0, result.output
    return demo
