"""When and how a rep should bring the proposal to the customer, with the reason why.

The rules follow the seeds: upsell when usage reaches the limit (001, 004), propose
1–2 months before renewal (002), wait until onboarding has settled (001), passives get a
careful conversation rather than a push (002), small changes for promoters can go by
e-mail while large accounts deserve a visit (000). Thresholds are fields of
`AdviceRules` so the app can take them from settings instead of code.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from .wording import Wording


@dataclass(frozen=True)
class AdviceRules:
    """Tunable thresholds (currency units per month / year, days)."""

    seat_ratio_now: float = 0.8
    renewal_window_days: int = 92
    onboarding_days: int = 90
    visit_mrr: int = 100_000
    visit_deal_yearly: int = 1_200_000
    small_deal_yearly: int = 300_000


@dataclass(frozen=True)
class Advice:
    """A recommendation: a stable code for programs, a title and a reason for people."""

    code: str
    title: str
    reason: str


def parse_date(value: Any) -> dt.date | None:
    """An ISO date or datetime string (or a date) as a date; anything else is None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the month's last day (31 Mar - 1 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _onboarding_start(account: dict[str, Any]) -> dt.date | None:
    for key in ("onboarded_at", "started_at", "start_date"):
        if (day := parse_date(account.get(key))) is not None:
            return day
    return None


def recommend_timing(
    *,
    kind: str,
    account: dict[str, Any],
    seats: tuple[int, int | None],
    today: dt.date,
    rules: AdviceRules,
    w: Wording,
) -> Advice:
    """Seat limit reached → now; downsell → now; renewal soon → before it; new → later."""
    used, limit = seats
    if kind == "upsell" and limit and used / limit >= rules.seat_ratio_now:
        pct = round(100 * used / limit)
        return Advice(
            "now",
            w.t("timing_now"),
            w.t("timing_now_seats_reason", pct=pct, used=used, limit=limit),
        )
    if kind == "downsell":
        return Advice("now", w.t("timing_downsell"), w.t("timing_downsell_reason"))
    renewal = parse_date(account.get("renewal_date"))
    if renewal and 0 <= (renewal - today).days <= rules.renewal_window_days:
        start, end = add_months(renewal, -2), add_months(renewal, -1)
        if today >= start:
            title = w.t("timing_before_renewal_now", renewal=w.date(renewal))
        else:
            title = w.t(
                "timing_before_renewal",
                renewal=w.date(renewal),
                start=w.date(start),
                end=w.date(end),
            )
        return Advice("before_renewal", title, w.t("timing_renewal_reason"))
    started = _onboarding_start(account)
    if started and 0 <= (today - started).days < rules.onboarding_days:
        settled = started + dt.timedelta(days=rules.onboarding_days)
        return Advice(
            "after_onboarding",
            w.t("timing_after_onboarding", date=w.date(settled)),
            w.t("timing_onboarding_reason", start=w.date(started)),
        )
    return Advice("next_review", w.t("timing_next_review"), w.t("timing_next_review_reason"))


def recommend_channel(
    *, kind: str, approach: str, mrr: int, deal_yearly: int, rules: AdviceRules, w: Wording
) -> Advice:
    """Downsell → phone; big → visit; passive → online; small promoter deal → e-mail."""
    if kind == "downsell":
        return Advice("phone", w.t("channel_phone"), w.t("channel_phone_reason"))
    if mrr >= rules.visit_mrr or deal_yearly >= rules.visit_deal_yearly:
        return Advice("visit", w.t("channel_visit"), w.t("channel_visit_reason"))
    if approach == "careful":
        return Advice("online", w.t("channel_online"), w.t("channel_online_careful_reason"))
    if deal_yearly <= rules.small_deal_yearly:
        return Advice("email", w.t("channel_email"), w.t("channel_email_reason"))
    return Advice("online", w.t("channel_online"), w.t("channel_online_reason"))
