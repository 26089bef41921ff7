"""What a proposal says, decided once, before any file format is involved.

`build_content` turns plain dicts (account, response, triage decision, one opportunity,
catalog; formats.md shapes) into a `ProposalContent` whose every word is final text in
the customer's language. The PDF and the DOCX renderers only lay that text out, so the
two documents cannot disagree, and tests can check the content without rendering.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog import Catalog, Item, name_of, price
from .advice import Advice, AdviceRules, recommend_channel, recommend_timing
from .choices import (
    Choice,
    downsell_choices,
    option_choices,
    product_choices,
    product_plan,
    upsell_choices,
)
from .outcomes import Outcome, build_outcomes
from .roi import Payback, Roi, compute_roi
from .wording import Wording

KINDS = ("upsell", "cross_sell", "downsell")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DEFAULT_COLOR = "#1f4e79"
MAX_QUOTE = 600


@dataclass(frozen=True)
class ProposalSettings:
    """Company-wide settings; the app fills them from its settings table."""

    company_name: str
    logo_path: str | Path | None = None
    primary_color: str = DEFAULT_COLOR
    hourly_cost: int = 4000
    validity_days: int = 30
    rules: AdviceRules = field(default_factory=AdviceRules)


@dataclass(frozen=True)
class Cover:
    title: str
    subtitle: str
    customer: str  # with the honorific for Japanese (御中)
    date: str
    number: str
    valid_until: str
    rep: str


@dataclass(frozen=True)
class Problem:
    intro: str
    quotes: list[str]  # the customer's own words, verbatim (cleaned of control characters)
    observations: list[str]  # facts from usage or ticked interests


@dataclass(frozen=True)
class Table:
    """A table both renderers draw the same way; `highlight` marks the recommended row."""

    headers: list[str]
    rows: list[list[str]]
    highlight: list[bool] = field(default_factory=list)


@dataclass(frozen=True)
class Contact:
    company: str
    name: str
    email: str


@dataclass(frozen=True)
class ProposalContent:
    lang: str
    number: str
    kind: str
    item: str
    company_name: str
    logo_path: Path | None
    primary_color: str
    labels: dict[str, str]  # fixed headings and captions in `lang`
    cover: Cover
    problem: Problem
    offer_title: str
    outcomes: list[Outcome]
    choices_intro: str
    choices: list[Choice]
    choices_table: Table
    roi: Roi
    roi_intro: str
    roi_table: Table
    timing: Advice
    channel: Advice
    next_steps: list[str]
    contact: Contact


LABEL_KEYS = (
    "heading_problem",
    "heading_offer",
    "outcome_intro",
    "heading_choices",
    "recommended",
    "heading_roi",
    "roi_note",
    "heading_timing",
    "timing_label",
    "channel_label",
    "reason_label",
    "heading_next",
    "heading_contact",
    "title",
    "date_label",
    "number_label",
    "valid_until_label",
    "rep_label",
    "footer_page",
    "quote_open",
    "quote_close",
)


def clean(text: Any) -> str:
    """Customer text made safe for XML (DOCX) without changing what they wrote."""
    text = _CONTROL.sub("", str(text or "")).strip()
    return text if len(text) <= MAX_QUOTE else text[:MAX_QUOTE].rstrip() + "…"


def safe_color(value: str | None) -> str:
    """Only '#rgb' or '#rrggbb' reaches the stylesheet; anything else gets the default."""
    return value if value and _COLOR.match(value) else DEFAULT_COLOR


@dataclass(frozen=True)
class _Target:
    """What the opportunity points at, resolved in the catalog."""

    kind: str
    product: Item | None
    current: Item | None  # the customer's plan of `product` today
    plan: Item | None  # the proposed plan (upsell/downsell/new product)
    option: Item | None
    seats: tuple[int, int | None]


def _subscription(account: dict[str, Any], product_id: str | None) -> dict[str, Any]:
    subs = account.get("subscriptions") or []
    return next((s for s in subs if s.get("product") == product_id), {})


def _resolve(
    cat: Catalog, account: dict[str, Any], opportunity: dict[str, Any], requested: list[str]
) -> _Target:
    kind, item = opportunity.get("kind"), opportunity.get("item")
    if kind not in KINDS:
        raise ValueError(f"opportunity kind {kind!r} is not one of {', '.join(KINDS)}")
    option = cat.option(item) if kind == "cross_sell" else None
    if option:
        owned = [s.get("product") for s in account.get("subscriptions") or []]
        pid = next((p for p in option.get("for_products") or [] if p in owned), None)
        product, plan = cat.product(pid), None
    elif kind == "cross_sell":
        product = cat.product(item)
        if not product or not cat.plans_of(product):
            raise ValueError(f"cross-sell item {item!r} is neither an option nor a product")
        plan = product_plan(cat, product, requested)
    else:
        product, plan = cat.plan(item)
        if not plan:
            raise ValueError(f"{kind} item {item!r} is not a plan in the catalog")
    sub = _subscription(account, (product or {}).get("id"))
    _, current = cat.plan(sub.get("plan"))
    if kind != "cross_sell" and not current:
        raise ValueError(f"account has no subscription to {product['id']!r} to change")
    limit = (current or {}).get("seat_limit")
    seats = (int(sub.get("seats_used") or 0), int(limit) if limit is not None else None)
    return _Target(kind, product, current, plan, option, seats)


def _requested(cat: Catalog, opportunity: dict[str, Any], findings: list[dict]) -> list[str]:
    """Feature ids the customer asked for: from the opportunity, then from the findings."""
    ids = [opportunity.get("feature"), *(opportunity.get("features") or [])]
    ids += [f.get("item") for f in findings if f.get("kind") == "need_addressable"]
    out: list[str] = []
    for fid in ids:
        if fid and fid not in out and cat.feature_anywhere(fid)[1]:
            out.append(fid)
    return out


def _quotes(
    target: _Target, opportunity: dict[str, Any], decision: dict[str, Any], response: dict[str, Any]
) -> list[str]:
    """The findings behind this opportunity, else the answers that fit its kind."""
    relevant = {
        opportunity.get("item"),
        opportunity.get("feature"),
        *(opportunity.get("features") or []),
    }
    for item in (
        target.plan,
        target.option,
        target.product if target.kind == "cross_sell" else None,
    ):
        for feature in (item or {}).get("features") or []:
            relevant.add(feature.get("id") if isinstance(feature, dict) else feature)
    relevant.discard(None)
    texts = [
        f.get("text")
        for f in decision.get("findings") or []
        if f.get("kind") in ("need_addressable", "need_future") and f.get("item") in relevant
    ]
    if not texts:
        answers = response.get("answers") or {}
        roles = (
            ("comment", "blocked_need")
            if target.kind == "downsell"
            else ("blocked_need", "future_need")
        )
        texts = [answers.get(role) for role in roles]
    quotes: list[str] = []
    for text in texts:
        if (quote := clean(text)) and quote not in quotes:
            quotes.append(quote)
    return quotes


def _observations(
    target: _Target,
    opportunity: dict[str, Any],
    response: dict[str, Any],
    w: Wording,
    rules: AdviceRules,
) -> list[str]:
    used, limit = target.seats
    notes = []
    if target.kind == "upsell" and limit and used / limit >= rules.seat_ratio_now:
        notes.append(
            w.t(
                "observe_seats",
                product=name_of(target.product, w.lang),
                used=used,
                limit=limit,
                pct=round(100 * used / limit),
            )
        )
    if target.kind == "downsell" and limit is not None:
        notes.append(w.t("observe_cost", used=used, limit=limit))
    interests = (response.get("answers") or {}).get("interests") or []
    if opportunity.get("item") in interests:
        item = target.option or target.product or {}
        notes.append(w.t("observe_interest", item=name_of(item, w.lang)))
    return notes


def _offer_title(t: _Target, w: Wording) -> str:
    lang = w.lang
    product = name_of(t.product, lang)
    if t.option:
        return w.t("offer_cross_sell_option", product=product, option=name_of(t.option, lang))
    if t.kind == "cross_sell":
        return w.t("offer_cross_sell_product", product=product, plan=name_of(t.plan, lang))
    return w.t(
        f"offer_{t.kind}",
        product=product,
        current=name_of(t.current, lang),
        target=name_of(t.plan, lang),
    )


def _choices(
    cat: Catalog, t: _Target, requested: list[str], w: Wording, prefer: list[str]
) -> list[Choice]:
    assert t.product is not None or t.option is not None
    if t.kind == "upsell":
        return upsell_choices(cat, t.product, t.current, t.plan, requested, w, prefer)
    if t.kind == "downsell":
        return downsell_choices(cat, t.product, t.current, t.plan, t.seats[0], w)
    if t.option:
        return option_choices(cat, t.option, t.product, t.current, w, prefer)
    return product_choices(cat, t.product, t.plan, requested, w, prefer)


def _choices_table(choices: list[Choice], w: Wording) -> Table:
    headers = [
        w.t(k)
        for k in (
            "col_choice",
            "col_contents",
            "col_monthly",
            "col_one_time",
            "col_diff",
            "col_hours",
        )
    ]
    rows = [
        [
            c.title + (f" [{w.t('recommended')}]" if c.recommended else ""),
            c.description,
            w.money(c.monthly),
            w.money(c.one_time),
            w.signed_money(c.monthly_diff),
            w.hours(c.hours),
        ]
        for c in choices
    ]
    return Table(headers, rows, [c.recommended for c in choices])


def _payback_text(roi: Roi, w: Wording) -> str:
    if roi.payback is Payback.MONTHS:
        return w.months(roi.payback_months or 0)
    return w.t(
        {
            Payback.NEVER: "roi_payback_never",
            Payback.IMMEDIATE: "roi_payback_now",
            Payback.SAVING: "roi_payback_saving",
        }[roi.payback]
    )


def _roi_table(roi: Roi, choice: Choice, w: Wording) -> Table:
    hours = w.hours(roi.hours_per_month)
    if len(choice.hours_parts) > 1:
        parts = w.join([f"{name} {w.hours(h)}" for name, h in choice.hours_parts])
        hours += w.t("roi_breakdown", parts=parts)
    rows = [
        ("roi_hours", hours),
        ("roi_hourly_cost", w.money(roi.hourly_cost)),
        ("roi_monthly_value", w.money(roi.monthly_value)),
        ("roi_yearly_value", w.money(roi.yearly_value)),
        ("roi_extra_monthly", w.signed_money(roi.extra_monthly)),
        ("roi_one_time", w.money(roi.one_time)),
        ("roi_extra_yearly", w.signed_money(roi.extra_yearly)),
        ("roi_net_yearly", w.signed_money(roi.net_yearly)),
        ("roi_payback", _payback_text(roi, w)),
    ]
    return Table([], [[w.t(key), value] for key, value in rows])


def _hourly_cost(account: dict[str, Any], settings: ProposalSettings) -> int:
    try:
        override = int(account.get("hourly_cost") or 0)
    except (TypeError, ValueError):
        override = 0
    return override if override > 0 else settings.hourly_cost


def build_content(
    *,
    account: dict,
    response: dict,
    decision: dict,
    opportunity: dict,
    catalog: dict,
    settings: ProposalSettings,
    number: str,
    rep_name: str | None,
    rep_email: str | None,
    today: dt.date,
) -> ProposalContent:
    """Everything one proposal says, in the account's language. Raises ValueError when the
    opportunity does not match the catalog or the account (a bad triage result)."""
    cat = Catalog(catalog)
    lang = account.get("lang") or response.get("lang") or "ja"
    w = Wording.for_lang(lang, cat.currency)
    findings = list(decision.get("findings") or [])
    requested = _requested(cat, opportunity, findings)
    target = _resolve(cat, account, opportunity, requested)
    interests = list((response.get("answers") or {}).get("interests") or [])
    choices = _choices(cat, target, requested, w, interests)
    chosen = next(c for c in choices if c.recommended)
    roi = compute_roi(
        hours_per_month=chosen.hours,
        hourly_cost=_hourly_cost(account, settings),
        new_monthly=chosen.monthly,
        today_monthly=chosen.today_monthly,
        one_time=chosen.one_time,
    )
    quotes = _quotes(target, opportunity, decision, response)
    rep = clean(rep_name) or w.t("rep_fallback")
    offer_title = _offer_title(target, w)
    timing = recommend_timing(
        kind=target.kind,
        account=account,
        seats=target.seats,
        today=today,
        rules=settings.rules,
        w=w,
    )
    channel = recommend_channel(
        kind=target.kind,
        approach=str(decision.get("approach") or ""),
        mrr=int(account.get("mrr") or 0),
        deal_yearly=max(roi.extra_yearly, 0),
        rules=settings.rules,
        w=w,
    )
    current = target.current
    return ProposalContent(
        lang=w.lang,
        number=clean(number),
        kind=target.kind,
        item=str(opportunity["item"]),
        company_name=clean(settings.company_name),
        logo_path=Path(settings.logo_path) if settings.logo_path else None,
        primary_color=safe_color(settings.primary_color),
        labels={key: w.t(key) for key in LABEL_KEYS},
        cover=Cover(
            title=w.t("title"),
            subtitle=w.t("subtitle", offer=offer_title),
            customer=clean(account.get("name") or account.get("id")) + w.t("customer_suffix"),
            date=w.date(today),
            number=clean(number),
            valid_until=w.date(today + dt.timedelta(days=settings.validity_days)),
            rep=rep,
        ),
        problem=Problem(
            w.t("problem_intro") if quotes else w.t("problem_none"),
            quotes,
            _observations(target, opportunity, response, w, settings.rules),
        ),
        offer_title=offer_title,
        outcomes=build_outcomes(
            cat,
            target.kind,
            target.product,
            current,
            target.plan,
            target.option,
            requested,
            chosen,
            target.seats,
            [str(s.get("product")) for s in account.get("subscriptions") or []],
            w,
        ),
        choices_intro=(
            w.t("choices_intro", current=name_of(current, w.lang), price=w.money(price(current)))
            if current and target.kind != "cross_sell"
            else w.t("choices_intro_new")
        ),
        choices=choices,
        choices_table=_choices_table(choices, w),
        roi=roi,
        roi_intro=w.t("roi_intro", choice=chosen.title),
        roi_table=_roi_table(roi, chosen, w),
        timing=timing,
        channel=channel,
        next_steps=[
            w.t("next_contact", channel=channel.title, timing=timing.title),
            w.t("next_confirm"),
            w.t("next_choose"),
            w.t("next_start"),
        ],
        contact=Contact(clean(settings.company_name), rep, clean(rep_email)),
    )


__all__ = [
    "Choice",
    "Contact",
    "Cover",
    "Outcome",
    "Problem",
    "ProposalContent",
    "ProposalSettings",
    "Roi",
    "Table",
    "build_content",
    "clean",
]
