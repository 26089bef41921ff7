"""What the proposal changes for the customer, told as outcomes rather than features.

Seed 001: talk about hours given back and work removed, not about a feature list. Each
outcome leads with the result ("about 6 hours a month of work removed") and names the
feature only as the means; requested features come first and are marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Catalog, Item, hours, name_of, price, text_of
from .choices import Choice, new_features, seat_text
from .wording import Wording


@dataclass(frozen=True)
class Outcome:
    headline: str
    detail: str


def _feature_outcome(item: Item, requested: bool, w: Wording) -> Outcome:
    name = name_of(item, w.lang)
    desc = text_of(item.get("description"), w.lang)
    detail = w.t("outcome_feature", feature=name, description=desc) if desc else name
    if requested:
        detail += " " + w.t("outcome_requested")
    h = hours(item)
    return Outcome(w.t("outcome_hours", hours=w.hours(h)) if h > 0 else name, detail)


def _upsell(
    cat: Catalog,
    product: Item,
    current: Item,
    plan: Item,
    requested: list[str],
    seats: tuple[int, int | None],
    w: Wording,
) -> list[Outcome]:
    out = []
    for fid in new_features(current, plan, requested):
        feature = cat.feature(product, fid) or {"id": fid}
        out.append(_feature_outcome(feature, fid in requested, w))
    used, limit = seats
    new_limit = plan.get("seat_limit")
    if limit is not None and (new_limit is None or int(new_limit) > limit):
        out.append(Outcome(w.t("outcome_seats", limit=seat_text(new_limit, w), used=used), ""))
    return out


def _downsell(
    cat: Catalog,
    product: Item,
    current: Item,
    plan: Item,
    seats: tuple[int, int | None],
    w: Wording,
) -> list[Outcome]:
    target = name_of(plan, w.lang)
    out = [
        Outcome(
            w.t("outcome_saving", amount=w.money(price(current) - price(plan))),
            w.t(
                "outcome_saving_detail",
                used=seats[0],
                target=target,
                limit=seat_text(plan.get("seat_limit"), w),
            ),
        )
    ]
    lost = [
        name_of(cat.feature(product, f) or {"id": f}, w.lang)
        for f in current.get("features") or []
        if f not in (plan.get("features") or [])
    ]
    if lost:
        out.append(Outcome(w.t("outcome_lost", target=target, features=w.join(lost)), ""))
    return out


def _new_product(
    cat: Catalog, product: Item, plan: Item, requested: list[str], owned: list[str], w: Wording
) -> list[Outcome]:
    out = []
    reason = text_of(cat.related_reason(product["id"], owned), w.lang)
    if reason:
        out.append(Outcome(w.t("outcome_related", reason=reason), ""))
    for fid in new_features(None, plan, requested):
        feature = cat.feature(product, fid) or {"id": fid}
        if hours(feature) > 0 or fid in requested:
            out.append(_feature_outcome(feature, fid in requested, w))
    return out


def build_outcomes(
    cat: Catalog,
    kind: str,
    product: Item | None,
    current: Item | None,
    plan: Item | None,
    option: Item | None,
    requested: list[str],
    chosen: Choice,
    seats: tuple[int, int | None],
    owned: list[str],
    w: Wording,
) -> list[Outcome]:
    """Outcomes of the recommended choice, most valuable to the customer first."""
    if kind == "upsell" and product and current and plan:
        return _upsell(cat, product, current, plan, requested, seats, w)
    if kind == "downsell" and product and current and plan:
        return _downsell(cat, product, current, plan, seats, w)
    if option:
        return [_feature_outcome(option, True, w)]
    if product and plan:
        return _new_product(cat, product, plan, requested, owned, w)
    return [Outcome(chosen.title, chosen.description)]
