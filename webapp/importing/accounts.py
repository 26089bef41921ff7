"""Accounts (who buys what): JSON lines, or CSV with one subscription per row; upsert by id."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from ..catalog import Catalog, get_catalog
from ..db import now
from ..i18n import gettext as _
from .errors import Collector
from .fields import Check
from .readers import csv_records, file_kind, jsonl_records, read_source

CSV_COLUMNS = ["id", "name", "industry", "employees", "owner", "lang", "mrr", "departments",
               "renewal_date", "product", "plan", "seats_used"]
ACCOUNT_FIELDS = CSV_COLUMNS[:9]


def _account(check: Check, raw: dict) -> dict:
    return {
        "id": check.key(raw.get("id"), "id"),
        "name": check.text(raw.get("name"), "name", 200, required=True),
        "industry": check.text(raw.get("industry"), "industry", 100),
        "employees": check.integer(raw.get("employees"), "employees", 0, 10**8),
        "owner": check.email(raw.get("owner"), "owner"),
        "lang": check.lang(raw.get("lang"), "lang", default="ja"),
        "mrr": check.integer(raw.get("mrr"), "mrr", 0, 10**12) or 0,
        "departments": check.integer(raw.get("departments"), "departments", 0, 10**6),
        "renewal_date": check.iso_date(raw.get("renewal_date"), "renewal_date"),
        "hourly_cost": check.integer(raw.get("hourly_cost"), "hourly_cost", 0, 10**7),
    }


def _subscription(check: Check, raw: dict, catalog: Catalog, prefix: str = "") -> dict | None:
    product = check.catalog_id(raw.get("product"), prefix + "product")
    plan = check.catalog_id(raw.get("plan"), prefix + "plan", required=False)
    seats = check.integer(raw.get("seats_used"), prefix + "seats_used", 0, 10**9)
    if product and catalog.products and product not in catalog.products:
        check.fail(prefix + "product", _("unknown product '{id}'", id=product))
        return None
    if plan and catalog.products:
        owner = catalog.plans.get(plan)
        if owner is None or owner[0]["id"] != product:
            check.fail(prefix + "plan", _("plan '{plan}' is not a plan of '{product}'",
                                          plan=plan, product=product))
            return None
    return {"product": product, "plan": plan, "seats_used": seats} if product else None


def _add_subscription(check: Check, account: dict, sub: dict, field: str) -> None:
    """One subscription per product: a second one for the same product is a mistake."""
    if any(s["product"] == sub["product"] for s in account["subscriptions"]):
        check.fail(field, _("a second subscription to '{product}'", product=sub["product"]))
        return
    account["subscriptions"].append(sub)


def parse_accounts(source: str | Path | bytes, name: str | None, catalog: Catalog) -> list[dict]:
    """Validate every account; return them with their `subscriptions` lists."""
    display, text = read_source(source, name)
    kind = file_kind(display)
    problems = Collector(display)
    by_id: dict[str, dict] = {}
    if kind == "jsonl":
        for line, raw in jsonl_records(text, problems):
            check = Check(problems, line)
            account = _account(check, raw)
            subs = raw.get("subscriptions", [])
            if not isinstance(subs, list):
                check.fail("subscriptions", _("must be a list"))
                subs = []
            account["subscriptions"] = []
            for i, sub in enumerate(subs):
                if not isinstance(sub, dict):
                    check.fail(f"subscriptions[{i}]", _("must be an object"))
                    continue
                clean = _subscription(check, sub, catalog, f"subscriptions[{i}].")
                if clean:
                    _add_subscription(check, account, clean, f"subscriptions[{i}].product")
            if account["id"] in by_id:
                check.fail("id", _("duplicate id '{id}'", id=account["id"]))
            elif account["id"]:
                by_id[account["id"]] = account
    else:
        for line, raw in csv_records(text, problems, ["id", "name"]):
            check = Check(problems, line)
            account = _account(check, raw)
            if not account["id"]:
                continue
            known = by_id.setdefault(account["id"], {**account, "subscriptions": []})
            if raw.get("product"):
                clean = _subscription(check, raw, catalog)
                if clean:
                    _add_subscription(check, known, clean, "product")
    problems.raise_if_any()
    return list(by_id.values())


def store_accounts(db: Database, accounts: list[dict]) -> None:
    """Upsert accounts and replace each one's subscriptions, all in one transaction."""
    stamp = now()
    with db.atomic():
        for account in accounts:
            row = {k: v for k, v in account.items() if k != "subscriptions"}
            row["updated_at"] = stamp
            if row.get("hourly_cost") is None:
                row.pop("hourly_cost", None)  # keep a cost set in the admin pages
            db["accounts"].upsert(row, pk="id")
            db.execute("DELETE FROM subscriptions WHERE account = ?", [account["id"]])
            for sub in account["subscriptions"]:
                db["subscriptions"].upsert({"account": account["id"], **sub}, pk=("account", "product"))


def import_accounts(db: Database, source: str | Path | bytes, name: str | None = None) -> int:
    accounts = parse_accounts(source, name, get_catalog(db))
    store_accounts(db, accounts)
    return len(accounts)


def load_account(db: Database, account_id: str) -> dict | None:
    """An account as the formats.md dict, with its subscriptions."""
    row = next(db.query("SELECT * FROM accounts WHERE id = ?", [account_id]), None)
    if row is None:
        return None
    row["subscriptions"] = list(db.query(
        "SELECT product, plan, seats_used FROM subscriptions WHERE account = ? ORDER BY product",
        [account_id]))
    return row
