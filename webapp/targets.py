"""The target list: accounts ranked by their room to grow, each with its reasons.

A pure function of the accounts, the catalog and the last NPS per account; the
weights live in `targets.yaml`. Detractors are ranked but flagged: they need help
before anyone sells to them (seed 002).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from .catalog import Catalog
from .i18n import gettext as _


@lru_cache(maxsize=1)
def target_rules() -> dict:
    return yaml.safe_load((Path(__file__).parent / "targets.yaml").read_text(encoding="utf-8"))


@dataclass
class Target:
    account: dict
    score: float
    reasons: list[str] = field(default_factory=list)
    fix_first: bool = False


def _months_until(day: str | None, today: date) -> float | None:
    if not day:
        return None
    try:
        target = date.fromisoformat(day)
    except ValueError:
        return None
    return (target - today).days / 30.4


def _log_share(value: float, top: float) -> float:
    return math.log1p(max(value, 0)) / math.log1p(top) if top > 0 else 0.0


def rank_targets(accounts: list[dict], catalog: Catalog, last_nps: dict[str, int],
                 today: date, lang: str | None = None,
                 open_complaints: set[str] | frozenset[str] = frozenset()) -> list[Target]:
    """Rank accounts (formats.md dicts with subscriptions), best first.

    An account with an open complaint is ranked but flagged: fix first, sell later.
    """
    rules = target_rules()
    w = rules["weights"]
    top_mrr = max((a.get("mrr") or 0 for a in accounts), default=0)
    top_emp = max((a.get("employees") or 0 for a in accounts), default=0)
    out = []
    for account in accounts:
        reasons: list[str] = []
        mrr, employees = account.get("mrr") or 0, account.get("employees") or 0
        budget = 0.6 * _log_share(mrr, top_mrr) + 0.4 * _log_share(employees, top_emp)
        reasons.append(_("revenue {mrr:,}/month, {n} employees", lang, mrr=mrr, n=employees))

        seats = sum(s.get("seats_used") or 0 for s in account.get("subscriptions", []))
        departments = account.get("departments") or 0
        expansion = 0.0
        if employees:
            expansion = max(0.0, 1 - seats / employees)
            if departments > 1:
                reasons.append(_("{seats} of {n} employees use it; {d} departments to reach",
                                 lang, seats=seats, n=employees, d=departments))
        pressure = 0.0
        for sub in account.get("subscriptions", []):
            found = catalog.plans.get(sub.get("plan") or "")
            limit = found[1].get("seat_limit") if found else None
            if limit and sub.get("seats_used") is not None:
                ratio = sub["seats_used"] / limit
                pressure = max(pressure, min(ratio, 1.0))
                if ratio >= rules["seat_pressure_threshold"]:
                    reasons.append(_("seats {used} of {limit} on {plan}", lang, used=sub["seats_used"],
                                     limit=limit, plan=catalog.name(sub["plan"], lang)))
        renewal = 0.0
        months = _months_until(account.get("renewal_date"), today)
        if months is not None and months >= 0:
            renewal = max(0.0, 1 - months / 12)
            if months <= rules["renewal_soon_months"]:
                reasons.append(_("renews in {m} months ({day})", lang, m=max(0, round(months)),
                                 day=account["renewal_date"]))
        nps = last_nps.get(account["id"])
        loyalty, fix_first = 0.5, False
        if nps is not None:
            loyalty = 1.0 if nps >= 9 else 0.6 if nps >= 7 else 0.0
            fix_first = nps <= 6
            reasons.append(_("last NPS {nps}", lang, nps=nps) + (
                _(": help first, no selling", lang) if fix_first else ""))
        if account["id"] in open_complaints:
            fix_first = True
            reasons.append(_("open complaint: help first, no selling", lang))
        score = (w["budget"] * budget + w["expansion"] * expansion + w["seat_pressure"] * pressure
                 + w["renewal"] * renewal + w["loyalty"] * loyalty)
        out.append(Target(account, round(100 * score, 1), reasons, fix_first))
    out.sort(key=lambda t: (-t.score, t.account["id"]))
    return out
