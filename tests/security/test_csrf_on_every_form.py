"""Every state-changing request needs the session's CSRF token: without it, 400 and no change."""

from __future__ import annotations

from security_helpers import database_dump, soup

# Each POST endpoint with a URL and the fields a real form would send (but no csrf_token).
POSTS = {
    "auth.login": (
        "/auth/login",
        {"email": "admin@example.com", "password": "correct horse battery"},
    ),
    "auth.logout": ("/auth/logout", {}),
    "survey.answer": ("/s/{survey_token}", {"nps": "9", "satisfaction": "4"}),
    "admin.import_files": ("/admin/import", {"kind": "accounts"}),
    "admin.invitations": (
        "/admin/invitations",
        {"account": "sakura-seiki", "emails": "new@sakura.example", "survey": "csat"},
    ),
    "admin.invitations_send": ("/admin/invitations/send", {}),
    "admin.invitations_remind": ("/admin/invitations/remind", {"days": "0"}),
    "admin.invitation_revoke": ("/admin/invitations/{spare_invitation}/revoke", {}),
    "admin.users": (
        "/admin/users",
        {"email": "x@example.com", "role": "admin", "password": "long enough pw"},
    ),
    "admin.settings": (
        "/admin/settings",
        {
            "company_name": "Evil",
            "primary_color": "#000000",
            "hourly_cost": "1",
            "proposal_validity_days": "1",
            "theme_threshold": "0.5",
        },
    ),
    "triage.response": ("/triage/r/{response}", {"category": "complaint", "comment": "forged"}),
    "reps.set_status": ("/reps/proposals/{proposal}/status", {"status": "won", "amount": "99"}),
    "reps.regenerate": ("/reps/proposals/{proposal}/regenerate", {}),
    "reps.create_link": ("/reps/proposals/{proposal}/links", {}),
    "reps.revoke_link": ("/reps/proposals/{proposal}/links/{spare_link}/revoke", {}),
    "reps.approve": ("/reps/proposals/{proposal}/approve", {}),
    "reports.complaint_status": ("/reports/complaints/{complaint}/status", {"status": "resolved"}),
    "reports.future_needs": (
        "/reports/future-needs",
        {"action": "rename", "subject": "a", "target": "b"},
    ),
}


def test_every_post_route_is_listed(app):
    posting = {r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods}
    assert posting == set(POSTS)


def test_posts_without_token_are_refused_and_change_nothing(world, login, client, db):
    login("admin")  # the strongest role: only the missing token can stop these
    before = database_dump(db)
    for endpoint, (path, data) in POSTS.items():
        response = client.post(path.format(**vars(world)), data=data)
        assert response.status_code == 400, endpoint
        assert soup(response).h1.get_text() in ("Please try again", "もう一度お試しください"), (
            endpoint
        )
    assert database_dump(db) == before
    assert client.get("/admin/users").status_code == 200  # the forged logout did not log out


def test_a_token_from_another_session_is_refused(world, login, client, app, db):
    with app.app_context():  # its own `g`: the open `db` context caches the token per context
        stranger = app.test_client().get("/auth/login")
    foreign = soup(stranger).select_one("input[name=csrf_token]")["value"]
    login("admin")
    before = database_dump(db)
    response = client.post(
        f"/reps/proposals/{world.proposal}/status",
        data={"csrf_token": foreign, "status": "won", "amount": "99"},
    )
    assert response.status_code == 400
    assert database_dump(db) == before
