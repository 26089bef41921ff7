"""Fixtures of the security tests: a populated app with a proposal, links and invitations."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from security_helpers import HOSTILE_RESPONSES, add_link, invite, write_jsonl


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
        "SELECT id FROM invitations WHERE email = 'hanako@sakura.example'"
    ).fetchone()[0]
    _link, pdf_token = add_link(db, proposal)
    spare_link, _token = add_link(db, proposal)
    return World(
        proposal=proposal,
        response="r-0001",
        complaint="r-0002",
        survey_token=survey_token,
        spare_invitation=spare_invitation,
        pdf_token=pdf_token,
        spare_link=spare_link,
        other_rep_response="r-0004",
    )


@pytest.fixture
def hostile(demo, runner, tmp_path):
    """The demo plus two responses whose answers carry script, event-handler and template text."""
    path = write_jsonl(tmp_path / "hostile.jsonl", HOSTILE_RESPONSES)
    result = runner.invoke(args=["responses", "import", str(path)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["proposals", "generate"])
    assert result.exit_code == 0, result.output
    return demo


@pytest.fixture
def english(client):
    """The client asks for English pages (the app's default for unknown visitors is Japanese)."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
