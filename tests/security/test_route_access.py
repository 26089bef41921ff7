"""Who may open what: every route of the app, for every kind of visitor.

The table below classifies each endpoint of `app.url_map`; a new route that is not in it
fails `test_every_route_is_classified`, so nobody adds a page without deciding who sees it.

Outcomes: a visitor the route is meant for gets 200 (or a 302 onwards); a logged-in person
of another role gets the same 404 as a page that does not exist; an anonymous visitor on a
staff page is sent to the login page; a personal-link page without a valid token is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from security_helpers import inline_code, page_csrf, soup

ANON, CUSTOMER, REP, PRODUCT, ADMIN = "anonymous", "customer", "rep", "product", "admin"
ROLES = (ANON, CUSTOMER, REP, PRODUCT, ADMIN)
EVERYONE = frozenset(ROLES)
STAFF = frozenset({REP, PRODUCT, ADMIN})
TOKEN_HOLDERS = frozenset({CUSTOMER, REP, PRODUCT, ADMIN})  # whoever holds the personal link
ADMIN_ONLY = frozenset({ADMIN})
SALES = frozenset({ADMIN, REP})
PRODUCT_TEAM = frozenset({ADMIN, PRODUCT})
UNKNOWN_TOKEN = "A" * 43  # well formed, never issued
NOT_FOUND_TITLES = ("Page not found", "ページが見つかりません")


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # formatted with the World's ids and tokens
    who: frozenset[str]
    ok: tuple[int, ...] = (200,)  # statuses that mean "opened" for those in `who`
    data: tuple[tuple[str, str], ...] = ()  # form fields of a POST (the CSRF token is added)
    token: bool = False  # a personal-link route: without a valid token, a 404


ROUTES: dict[str, Route] = {
    # public
    "home.index": Route("GET", "/", EVERYONE, ok=(200, 302)),
    "static": Route("GET", "/static/style.css", EVERYONE),
    "auth.login": Route("GET", "/auth/login", EVERYONE),
    # Logging out needs no right: it always lands on the login page.
    "auth.logout": Route("POST", "/auth/logout", EVERYONE, ok=(302,)),
    # customer links
    "survey.answer": Route("GET", "/s/{survey_token}", TOKEN_HOLDERS, token=True),
    "survey.thanks": Route("GET", "/s/{survey_token}/thanks", TOKEN_HOLDERS, token=True),
    "public.proposal_pdf": Route("GET", "/p/{pdf_token}", TOKEN_HOLDERS, token=True),
    # every member of staff
    "admin.index": Route("GET", "/admin/", STAFF),
    # admin
    "admin.catalog": Route("GET", "/admin/catalog", ADMIN_ONLY),
    "admin.targets": Route("GET", "/admin/targets", ADMIN_ONLY),
    "admin.import_files": Route("GET", "/admin/import", ADMIN_ONLY),
    "admin.invitations": Route("GET", "/admin/invitations", ADMIN_ONLY),
    "admin.invitations_csv": Route("GET", "/admin/invitations.csv", ADMIN_ONLY),
    "admin.invitations_send": Route("POST", "/admin/invitations/send", ADMIN_ONLY, ok=(302,)),
    "admin.invitations_remind": Route(
        "POST", "/admin/invitations/remind", ADMIN_ONLY, ok=(302,), data=(("days", "7"),)
    ),
    "admin.invitation_revoke": Route(
        "POST", "/admin/invitations/{spare_invitation}/revoke", ADMIN_ONLY, ok=(302,)
    ),
    "admin.users": Route("GET", "/admin/users", ADMIN_ONLY),
    "admin.settings": Route("GET", "/admin/settings", ADMIN_ONLY),
    # sales: admins and reps (reps only for their own accounts)
    "admin.accounts": Route("GET", "/admin/accounts", SALES),
    "admin.responses": Route("GET", "/admin/responses", SALES),
    "triage.queues": Route("GET", "/triage/", SALES),
    "triage.response": Route("GET", "/triage/r/{response}", SALES),
    "reps.cases": Route("GET", "/reps/", SALES),
    "reps.proposal": Route("GET", "/reps/proposals/{proposal}", SALES),
    "reps.download": Route("GET", "/reps/proposals/{proposal}.pdf", SALES),
    "reps.set_status": Route(
        "POST",
        "/reps/proposals/{proposal}/status",
        SALES,
        ok=(302,),
        data=(("status", "meeting_booked"),),
    ),
    "reps.regenerate": Route("POST", "/reps/proposals/{proposal}/regenerate", SALES, ok=(302,)),
    "reps.create_link": Route("POST", "/reps/proposals/{proposal}/links", SALES, ok=(302,)),
    "reps.revoke_link": Route(
        "POST", "/reps/proposals/{proposal}/links/{spare_link}/revoke", SALES, ok=(302,)
    ),
    "reps.approve": Route("POST", "/reps/proposals/{proposal}/approve", ADMIN_ONLY, ok=(302,)),
    # product team: admins and product
    "reports.dashboard": Route("GET", "/reports/dashboard", PRODUCT_TEAM),
    "reports.chart": Route("GET", "/reports/charts/nps.svg", PRODUCT_TEAM),
    "reports.complaints": Route("GET", "/reports/complaints", PRODUCT_TEAM),
    "reports.download": Route("GET", "/reports/complaints.csv", PRODUCT_TEAM),
    "reports.future_needs": Route("GET", "/reports/future-needs", PRODUCT_TEAM),
    "reports.complaint_status": Route(
        "POST",
        "/reports/complaints/{complaint}/status",
        PRODUCT_TEAM,
        ok=(302,),
        data=(("status", "acknowledged"),),
    ),
}


def log_in_as(role: str, login) -> None:
    if role in STAFF:
        login(role)


def url_for_role(route: Route, role: str, world) -> str:
    values = vars(world).copy()
    if role == ANON:  # a stranger has no personal link: at best a guess
        values.update(survey_token=UNKNOWN_TOKEN, pdf_token=UNKNOWN_TOKEN)
    return route.path.format(**values)


def expected(route: Route, role: str) -> str:
    if role in route.who:
        return "opens"
    if route.token or role in STAFF:
        return "404"
    return "login"


def outcome(endpoint: str, route: Route, response) -> str:
    if response.status_code == 404:
        return "404"
    to_login = (
        response.status_code in (302, 303) and urlsplit(response.location).path == "/auth/login"
    )
    if to_login and endpoint != "auth.logout":
        return "login"
    if response.status_code in route.ok:
        return "opens"
    return str(response.status_code)


def visit(client, role: str, world) -> dict[str, tuple[Route, object]]:
    """Open every route once as `role`: GETs first, POSTs with a valid CSRF token, logout last."""
    order = sorted(ROUTES.items(), key=lambda kv: (kv[1].method == "POST", kv[0] == "auth.logout"))
    seen = {}
    for endpoint, route in order:
        url = url_for_role(route, role, world)
        if route.method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": page_csrf(client), **dict(route.data)})
        seen[endpoint] = (route, response)
    return seen


def test_every_route_is_classified(app):
    rules = {rule.endpoint: rule for rule in app.url_map.iter_rules()}
    assert set(rules) - set(ROUTES) == set(), (
        "new routes: add them to ROUTES with who may open them"
    )
    assert set(ROUTES) - set(rules) == set(), "ROUTES lists endpoints the app no longer has"
    for endpoint, route in ROUTES.items():
        assert route.method in rules[endpoint].methods, endpoint


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_the_routes_meant_for_it(role, world, login, client):
    log_in_as(role, login)
    wrong = {}
    for endpoint, (route, response) in visit(client, role, world).items():
        want, got = expected(route, role), outcome(endpoint, route, response)
        if got != want:
            wrong[endpoint] = f"expected {want}, got {got}"
    assert wrong == {}


@pytest.mark.parametrize("role", ROLES)
def test_refusals_are_the_plain_not_found_page(role, world, login, client):
    log_in_as(role, login)
    for endpoint, (_route, response) in visit(client, role, world).items():
        if response.status_code == 404:
            page = soup(response)
            assert page.h1.get_text() in NOT_FOUND_TITLES, endpoint
            assert "sakura" not in response.get_data(as_text=True).lower(), endpoint


@pytest.mark.parametrize("role", [CUSTOMER, ADMIN, PRODUCT])
def test_every_html_page_has_csp_and_no_inline_code(role, world, login, client):
    log_in_as(role, login)
    for endpoint, (_route, response) in visit(client, role, world).items():
        if response.mimetype != "text/html":
            continue
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, endpoint
        assert response.headers["X-Content-Type-Options"] == "nosniff", endpoint
        assert response.headers["X-Frame-Options"] == "DENY", endpoint
        assert inline_code(response.get_data(as_text=True)) == [], endpoint
