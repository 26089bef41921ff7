"""Lists: the start page, catalog, accounts, responses and the target list."""

from __future__ import annotations

import json
from datetime import date

from flask import render_template, request
from flask_login import current_user, login_required

from ..access import account_filter
from ..catalog import get_catalog
from ..db import get_db
from ..targets import rank_targets
from ..users import roles_required
from . import bp

PAGE_SIZE = 100


@bp.get("/")
@login_required
def index():
    db = get_db()
    where, params = account_filter()
    counts = {
        "accounts": db.execute(f"SELECT count(*) FROM accounts a WHERE {where}", params).fetchone()[0],
        "responses": db.execute(
            f"SELECT count(*) FROM responses r JOIN accounts a ON a.id = r.account WHERE {where}",
            params).fetchone()[0],
        "invitations": db.execute(
            f"SELECT count(*) FROM invitations i JOIN accounts a ON a.id = i.account WHERE {where}",
            params).fetchone()[0],
    }
    return render_template("admin/index.html", counts=counts, catalog=get_catalog(db))


@bp.get("/catalog")
@roles_required("admin")
def catalog():
    return render_template("admin/catalog.html", catalog=get_catalog(get_db()))


def _subscriptions_by_account(db, account_ids: list[str]) -> dict[str, list[dict]]:
    subs: dict[str, list[dict]] = {}
    rows = db.query("SELECT * FROM subscriptions WHERE account IN (SELECT value FROM json_each(?))",
                    [json.dumps(account_ids)])
    for row in rows:
        subs.setdefault(row["account"], []).append(row)
    return subs


def accounts_with_subscriptions(db, where: str = "1 = 1", params: list | None = None) -> list[dict]:
    accounts = list(db.query(f"SELECT a.* FROM accounts a WHERE {where} ORDER BY a.name", params or []))
    subs = _subscriptions_by_account(db, [a["id"] for a in accounts])
    for account in accounts:
        account["subscriptions"] = subs.get(account["id"], [])
    return accounts


@bp.get("/accounts")
@roles_required("admin", "rep")
def accounts():
    db = get_db()
    where, params = account_filter()
    return render_template("admin/accounts.html", accounts=accounts_with_subscriptions(db, where, params),
                           catalog=get_catalog(db))


@bp.get("/responses")
@roles_required("admin", "rep")
def responses():
    db = get_db()
    where, params = account_filter()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    rows = list(db.query(
        f"SELECT r.*, a.name AS account_name, t.category FROM responses r"
        f" JOIN accounts a ON a.id = r.account LEFT JOIN triage t ON t.response = r.id"
        f" WHERE {where} ORDER BY r.submitted_at DESC LIMIT ? OFFSET ?",
        [*params, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE]))
    for row in rows:
        row["answers"] = json.loads(row["answers"])
    return render_template("admin/responses.html", rows=rows[:PAGE_SIZE], page=page,
                           has_next=len(rows) > PAGE_SIZE)


def last_nps_by_account(db) -> dict[str, int]:
    rows = db.query(
        "SELECT account, nps FROM (SELECT account, nps, row_number() OVER"
        " (PARTITION BY account ORDER BY submitted_at DESC) AS n FROM responses WHERE nps IS NOT NULL)"
        " WHERE n = 1")
    return {r["account"]: r["nps"] for r in rows}


@bp.get("/targets")
@roles_required("admin")
def targets():
    db = get_db()
    open_complaints = {r["account"] for r in db.query(
        "SELECT DISTINCT r.account FROM complaints c JOIN responses r ON r.id = c.response"
        " WHERE c.status != 'resolved'")}
    ranked = rank_targets(accounts_with_subscriptions(db), get_catalog(db), last_nps_by_account(db),
                          date.today(), open_complaints=open_complaints)
    return render_template("admin/targets.html", targets=ranked, user=current_user)
