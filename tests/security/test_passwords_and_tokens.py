"""Passwords are scrypt hashes; personal links are unguessable, expire and can be revoked."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from app_helpers import PASSWORD
from security_helpers import database_dump, invite, page_csrf, soup

NOT_FOUND_TITLES = ("Page not found", "ページが見つかりません")
PAST = "2020-01-01T00:00:00+00:00"


def random_bits(token: str) -> int:
    return len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) * 8


def assert_friendly_404(response) -> None:
    assert response.status_code == 404
    assert soup(response).h1.get_text() in NOT_FOUND_TITLES


def test_passwords_are_stored_as_scrypt_hashes(users, db):
    for row in db.query("SELECT password_hash FROM users"):
        assert row["password_hash"].startswith("scrypt:")
        assert PASSWORD not in row["password_hash"]


def test_invitation_tokens_have_at_least_128_random_bits_and_expire(world, db):
    rows = list(db.query("SELECT token, created_at, expires_at FROM invitations"))
    assert len({r["token"] for r in rows}) == len(rows)
    for row in rows:
        assert random_bits(row["token"]) >= 128
        lifetime = datetime.fromisoformat(row["expires_at"]) - datetime.fromisoformat(
            row["created_at"]
        )
        assert timedelta(days=1) <= lifetime <= timedelta(days=366)


def test_customer_proposal_links_made_by_the_rep_are_unguessable_and_expire(
    world, login, client, db
):
    login("rep")
    client.post(f"/reps/proposals/{world.proposal}/links", data={"csrf_token": page_csrf(client)})
    row = db.execute("SELECT token, expires_at FROM proposal_links ORDER BY id DESC").fetchone()
    assert random_bits(row[0]) >= 128
    assert (
        datetime.now(UTC)
        < datetime.fromisoformat(row[1])
        <= datetime.now(UTC) + timedelta(days=366)
    )


@pytest.mark.parametrize("column", ["expires_at", "revoked_at"])
def test_expired_or_revoked_survey_link_is_the_friendly_404(column, world, client, db):
    url = f"/s/{world.survey_token}"
    assert client.get(url).status_code == 200
    db.execute(f"UPDATE invitations SET {column} = ? WHERE token = ?", [PAST, world.survey_token])
    db.conn.commit()
    assert_friendly_404(client.get(url))
    assert_friendly_404(client.get(url + "/thanks"))
    assert client.post(url, data={"nps": "9", "satisfaction": "4"}).status_code in (400, 404)


@pytest.mark.parametrize("column", ["expires_at", "revoked_at"])
def test_expired_or_revoked_proposal_link_is_the_friendly_404(column, world, client, db):
    url = f"/p/{world.pdf_token}"
    assert client.get(url).status_code == 200
    db.execute(f"UPDATE proposal_links SET {column} = ? WHERE token = ?", [PAST, world.pdf_token])
    db.conn.commit()
    assert_friendly_404(client.get(url))


def test_admin_revokes_an_invitation_with_the_button(world, login, client, db):
    login("admin")
    page = soup(client.get("/admin/invitations"))
    action = f"/admin/invitations/{world.spare_invitation}/revoke"
    form = page.select_one(f'form[action="{action}"]')
    assert form is not None and form.select_one("input[name=csrf_token]")
    token = db.execute(
        "SELECT token FROM invitations WHERE id = ?", [world.spare_invitation]
    ).fetchone()[0]
    assert client.get(f"/s/{token}").status_code == 200

    response = client.post(
        action, data={"csrf_token": form.select_one("input[name=csrf_token]")["value"]}
    )
    assert response.status_code == 302
    assert db["invitations"].get(world.spare_invitation)["revoked_at"]
    assert_friendly_404(client.get(f"/s/{token}"))
    listed = soup(client.get("/admin/invitations"))
    assert listed.select_one(f'form[action="{action}"]') is None  # shown as revoked, no button
    assert "hanako@sakura.example" not in client.get("/admin/invitations.csv").get_data(
        as_text=True
    )


def test_revoking_needs_an_admin_and_a_csrf_token(world, login, client, db):
    action = f"/admin/invitations/{world.spare_invitation}/revoke"
    before = database_dump(db)
    login("rep")
    assert client.post(action, data={"csrf_token": page_csrf(client)}).status_code == 404
    client.post("/auth/logout", data={"csrf_token": page_csrf(client)})
    login("admin")
    assert client.post(action).status_code == 400
    assert (
        client.post(
            "/admin/invitations/999/revoke", data={"csrf_token": page_csrf(client)}
        ).status_code
        == 404
    )
    assert database_dump(db) == before


def test_a_revoked_contact_can_be_invited_again_with_a_new_token(world, login, client, runner, db):
    login("admin")
    old = db.execute(
        "SELECT token FROM invitations WHERE id = ?", [world.spare_invitation]
    ).fetchone()[0]
    client.post(
        f"/admin/invitations/{world.spare_invitation}/revoke",
        data={"csrf_token": page_csrf(client)},
    )
    new = invite(runner, "sakura-seiki", "hanako@sakura.example")
    assert new != old
    assert client.get(f"/s/{new}").status_code == 200


def test_unknown_link_tokens_are_404(world, client):
    for path in ("/p/" + "B" * 43, "/p/short", "/s/" + "B" * 43, "/s/../../etc/passwd"):
        assert client.get(path).status_code == 404, path
