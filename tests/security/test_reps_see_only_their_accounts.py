"""A rep cannot reach another rep's accounts, responses or proposals by changing an id.

rep2@example.com owns only northwind; the world's proposal, response and links belong to
sakura-seiki (rep@example.com). Every guess gets the plain 404 and changes nothing.
"""

from __future__ import annotations

import pytest
from security_helpers import database_dump, page_csrf, soup

NOT_FOUND_TITLES = ("Page not found", "ページが見つかりません")


def assert_plain_404(response) -> None:
    assert response.status_code == 404
    page = soup(response)
    assert page.h1.get_text() in NOT_FOUND_TITLES
    text = page.get_text()
    assert "sakura" not in text.lower() and "さくら" not in text and "r-0001" not in text


@pytest.mark.parametrize(
    "path",
    [
        "/reps/proposals/{proposal}",
        "/reps/proposals/{proposal}.pdf",
        "/reps/proposals/{proposal}.docx",
        "/triage/r/{response}",
    ],
)
def test_other_reps_pages_and_files_are_404(path, world, login, client):
    login("rep2")
    assert_plain_404(client.get(path.format(**vars(world))))


@pytest.mark.parametrize(
    "path, data",
    [
        ("/reps/proposals/{proposal}/status", {"status": "won", "amount": "1"}),
        ("/reps/proposals/{proposal}/links", {}),
        ("/reps/proposals/{proposal}/links/{spare_link}/revoke", {}),
        ("/reps/proposals/{proposal}/regenerate", {}),
        ("/reps/proposals/{proposal}/approve", {}),
        ("/triage/r/{response}", {"category": "complaint", "comment": "mine now"}),
    ],
)
def test_other_reps_actions_are_404_and_change_nothing(path, data, world, login, client, db):
    login("rep2")
    before = database_dump(db)
    response = client.post(
        path.format(**vars(world)), data={"csrf_token": page_csrf(client), **data}
    )
    assert_plain_404(response)
    assert database_dump(db) == before


def test_the_owner_can_do_what_the_other_rep_cannot(world, login, client):
    login("rep")
    assert client.get(f"/reps/proposals/{world.proposal}").status_code == 200
    assert client.get(f"/triage/r/{world.response}").status_code == 200


def test_lists_hold_only_the_reps_own_accounts(world, login, client):
    login("rep2")
    for path in (
        "/admin/accounts",
        "/admin/responses",
        "/reps/",
        "/triage/?category=ready&owner=rep@example.com",
        "/triage/?category=complaint",
    ):
        text = soup(client.get(path)).select_one("main").get_text()
        assert "さくら精機" not in text and "みなと商事" not in text, path
    assert "Northwind" in soup(client.get("/admin/accounts")).select_one("main").get_text()


def test_another_reps_response_id_is_404_for_rep_too(world, login, client):
    login("rep")
    assert_plain_404(client.get(f"/triage/r/{world.other_rep_response}"))
    assert_plain_404(client.get("/triage/r/no-such-response"))
