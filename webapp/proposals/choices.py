"""The two or three priced choices a proposal puts before the customer.

Seed 002: offer several options so the customer chooses instead of being pushed. Each
choice carries what it costs per month, once, and against today, and how many hours a
month it saves, so the ROI of every choice follows from the same numbers. The
recommended choice is the one triage found (the opportunity's item).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import Catalog, Item, hours, name_of, price, text_of
from .wording import Wording


@dataclass(frozen=True)
class Choice:
    key: str
    title: str
    description: str
    monthly: int  # what the affected items cost per month after the change
    one_time: int
    today_monthly: int  # what the same items cost per month today
    hours_parts: tuple[tuple[str, float], ...]  # (what saves time, hours per month)
    recommended: bool = False

    @property
    def monthly_diff(self) -> int:
        return self.monthly - self.today_monthly

    @property
    def hours(self) -> float:
        return sum(h for _, h in self.hours_parts)


def best_addon(cat: Catalog, product: Item, prefer: list[str]) -> Item | None:
    """The option to pair with a plan: one the customer ticked first, else the one saving most."""
    addons = sorted(cat.options_for(product["id"]), key=lambda o: o.get("id") not in prefer)
    return addons[0] if addons else None


def feature_hours(
    cat: Catalog, product: Item, feature_ids: list[str], lang: str
) -> tuple[tuple[str, float], ...]:
    """(name, hours) of the features that save time, in the order given."""
    parts = []
    for fid in feature_ids:
        feature = cat.feature(product, fid)
        if feature and hours(feature) > 0:
            parts.append((name_of(feature, lang), hours(feature)))
    return tuple(parts)


def new_features(current: Item | None, target: Item, first: list[str]) -> list[str]:
    """Features of `target` missing from `current`, the requested ones (`first`) first."""
    have = set((current or {}).get("features") or [])
    gained = [f for f in target.get("features") or [] if f not in have]
    return [f for f in first if f in gained] + [f for f in gained if f not in first]


def _option_parts(option: Item, lang: str) -> tuple[tuple[str, float], ...]:
    return ((name_of(option, lang), hours(option)),) if hours(option) > 0 else ()


def _addon_desc(addon: Item, fallback_key: str, w: Wording) -> str:
    """What an add-on gives, in the catalog's words when it has them."""
    return text_of(addon.get("description"), w.lang) or w.t(fallback_key)


def _no_change(current: Item, w: Wording) -> Choice:
    return Choice(
        "no_change",
        w.t("choice_no_change", current=name_of(current, w.lang)),
        w.t("desc_no_change"),
        price(current),
        0,
        price(current),
        (),
    )


def upsell_choices(
    cat: Catalog,
    product: Item,
    current: Item,
    target: Item,
    requested: list[str],
    w: Wording,
    prefer: list[str],
) -> list[Choice]:
    """Stay + the best add-on / the target plan (recommended) / the plan above."""
    lang, today = w.lang, price(current)
    choices: list[Choice] = []
    opt = best_addon(cat, product, prefer)
    if opt:
        choices.append(
            Choice(
                "stay_option",
                w.t(
                    "choice_stay_option", current=name_of(current, lang), option=name_of(opt, lang)
                ),
                _addon_desc(opt, "desc_stay_option", w),
                today + price(opt),
                price(opt, "one_time_price"),
                today,
                _option_parts(opt, lang),
            )
        )
    gained = new_features(current, target, requested)
    choices.append(
        Choice(
            "target",
            w.t("choice_plan", plan=name_of(target, lang)),
            w.t("desc_target"),
            price(target),
            price(target, "one_time_price"),
            today,
            feature_hours(cat, product, gained, lang),
            recommended=True,
        )
    )
    above = cat.plan_above(product, target)
    if above:
        extra = [name_of(cat.feature(product, f), lang) for f in new_features(target, above, [])]
        limit = seat_text(above.get("seat_limit"), w)
        desc = (
            w.t("desc_above", features=w.join(extra), limit=limit)
            if extra
            else w.t("desc_above_nofeatures", limit=limit)
        )
        choices.append(
            Choice(
                "above",
                w.t("choice_plan", plan=name_of(above, lang)),
                desc,
                price(above),
                price(above, "one_time_price"),
                today,
                feature_hours(cat, product, new_features(current, above, requested), lang),
            )
        )
    if len(choices) < 2:
        choices.insert(0, _no_change(current, w))
    return choices


def option_choices(
    cat: Catalog,
    option: Item,
    product: Item | None,
    current: Item | None,
    w: Wording,
    prefer: list[str],
) -> list[Choice]:
    """The option alone (recommended) / the option with the best other add-on."""
    lang = w.lang
    choices = [
        Choice(
            "target",
            w.t("choice_option", option=name_of(option, lang)),
            w.t("desc_option"),
            price(option),
            price(option, "one_time_price"),
            0,
            _option_parts(option, lang),
            recommended=True,
        )
    ]
    others = cat.options_for(product["id"], {option["id"]}) if product else []
    others.sort(key=lambda o: o.get("id") not in prefer)
    if others:
        extra = others[0]
        choices.append(
            Choice(
                "with_extra",
                w.t("choice_option_plus", option=name_of(option, lang), extra=name_of(extra, lang)),
                _addon_desc(extra, "desc_option_plus", w),
                price(option) + price(extra),
                price(option, "one_time_price") + price(extra, "one_time_price"),
                0,
                _option_parts(option, lang) + _option_parts(extra, lang),
            )
        )
    elif current:
        choices.insert(
            0,
            Choice(
                "no_change",
                w.t("choice_no_change", current=name_of(current, lang)),
                w.t("desc_no_change"),
                0,
                0,
                0,
                (),
            ),
        )
    return choices


def product_plan(cat: Catalog, product: Item, requested: list[str]) -> Item:
    """The lowest plan of a new product that has every requested feature (else the lowest)."""
    plans = cat.plans_of(product)
    for plan in plans:
        if set(requested) <= set(plan.get("features") or []):
            return plan
    return plans[0]


def product_choices(
    cat: Catalog, product: Item, plan: Item, requested: list[str], w: Wording, prefer: list[str]
) -> list[Choice]:
    """The product's plan (recommended) / with the best add-on / its next plan up."""
    lang, pname = w.lang, name_of(product, w.lang)
    parts = feature_hours(cat, product, new_features(None, plan, requested), lang)
    choices = [
        Choice(
            "target",
            w.t("choice_product", product=pname, plan=name_of(plan, lang)),
            w.t("desc_product"),
            price(plan),
            price(plan, "one_time_price"),
            0,
            parts,
            recommended=True,
        )
    ]
    extra = best_addon(cat, product, prefer)
    if extra:
        choices.append(
            Choice(
                "with_extra",
                w.t(
                    "choice_product_plus",
                    product=pname,
                    plan=name_of(plan, lang),
                    extra=name_of(extra, lang),
                ),
                _addon_desc(extra, "desc_product_plus", w),
                price(plan) + price(extra),
                price(plan, "one_time_price") + price(extra, "one_time_price"),
                0,
                parts + _option_parts(extra, lang),
            )
        )
    above = cat.plan_above(product, plan)
    if above:
        choices.append(
            Choice(
                "above",
                w.t("choice_product", product=pname, plan=name_of(above, lang)),
                w.t("desc_above_nofeatures", limit=seat_text(above.get("seat_limit"), w)),
                price(above),
                price(above, "one_time_price"),
                0,
                feature_hours(cat, product, new_features(None, above, requested), lang),
            )
        )
    return choices[:3]


def downsell_choices(
    cat: Catalog, product: Item, current: Item, target: Item, seats_used: int, w: Wording
) -> list[Choice]:
    """An even smaller plan that still fits / the target plan (recommended) / no change."""
    lang, today = w.lang, price(current)
    choices: list[Choice] = []
    lower = [
        p
        for p in cat.plans_below(product, target)
        if p.get("seat_limit") is None or int(p["seat_limit"]) >= seats_used
    ]
    if lower:
        choices.append(
            Choice(
                "lower",
                w.t("choice_plan", plan=name_of(lower[-1], lang)),
                w.t("desc_lower_still"),
                price(lower[-1]),
                price(lower[-1], "one_time_price"),
                today,
                (),
            )
        )
    choices.append(
        Choice(
            "target",
            w.t("choice_plan", plan=name_of(target, lang)),
            w.t("desc_downsell"),
            price(target),
            price(target, "one_time_price"),
            today,
            (),
            recommended=True,
        )
    )
    choices.append(_no_change(current, w))
    return choices


def seat_text(limit: object, w: Wording) -> str:
    """A seat limit for people: '50席' / '50', or 'unlimited' for null."""
    if limit is None:
        return w.t("outcome_unlimited")
    return w.t("outcome_seat_count", n=limit)
