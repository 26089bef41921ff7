from datetime import date

from webapp.catalog import Catalog
from webapp.targets import rank_targets

CATALOG = Catalog(
    {
        "products": [
            {
                "id": "att",
                "name": "Att",
                "plans": [
                    {"id": "att-basic", "name": "Basic", "monthly_price": 10, "seat_limit": 100},
                    {"id": "att-pro", "name": "Pro", "monthly_price": 20, "seat_limit": None},
                ],
            }
        ]
    }
)


def account(id_, mrr, employees, seats, renewal, departments=3):
    return {
        "id": id_,
        "name": id_,
        "mrr": mrr,
        "employees": employees,
        "departments": departments,
        "renewal_date": renewal,
        "subscriptions": [{"product": "att", "plan": "att-basic", "seats_used": seats}],
    }


def test_room_to_grow_ranks_first_with_reasons():
    big = account("big", 300000, 900, 92, "2027-01-20")
    small = account("small", 20000, 15, 10, "2027-10-01", departments=1)
    ranked = rank_targets([small, big], CATALOG, {}, date(2026, 11, 24), lang="en")
    assert [t.account["id"] for t in ranked] == ["big", "small"]
    reasons = " ".join(ranked[0].reasons)
    assert "seats 92 of 100" in reasons and "renews in 2 months" in reasons


def test_detractor_is_flagged_help_first():
    a = account("a", 100000, 200, 50, "2027-06-01")
    ranked = rank_targets([a], CATALOG, {"a": 3}, date(2026, 11, 24), lang="en")
    assert ranked[0].fix_first
    assert any("help first" in r for r in ranked[0].reasons)


def test_promoter_outranks_identical_detractor():
    a, b = account("a", 100000, 200, 50, "2027-06-01"), account("b", 100000, 200, 50, "2027-06-01")
    ranked = rank_targets([a, b], CATALOG, {"a": 2, "b": 10}, date(2026, 11, 24))
    assert ranked[0].account["id"] == "b"


def test_target_page_lists_accounts_for_admin_only(demo, login, client):
    login("rep")
    assert client.get("/admin/targets").status_code == 404
    client.post("/auth/logout")


def test_open_complaint_flags_fix_first():
    a = account("a", 100000, 200, 50, "2027-06-01")
    ranked = rank_targets([a], CATALOG, {"a": 9}, date(2026, 11, 24), lang="en", open_complaints={"a"})
    assert ranked[0].fix_first and any("open complaint" in r for r in ranked[0].reasons)
