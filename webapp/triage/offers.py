"""What an account holds, and what each catalog item would mean for it.

Separated from matching because the same need ("multi-currency") is met, an upsell or a
cross-sell depending only on the account: its product, its plan and the plan ladder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from webapp.triage.index import Item


def as_number(value: Any) -> float | None:
    """An int/float or numeric string; None for bools, blanks and junk."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value) if value == value and abs(value) != float("inf") else None
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if number == number and abs(number) != float("inf") else None
    return None


@dataclass(frozen=True)
class Plan:
    id: str
    features: frozenset[str]
    seat_limit: int | None
    monthly_price: float | None


@dataclass(frozen=True)
class Holding:
    """One subscription: product, the plan ladder, where they stand on it, seats used."""

    product: str
    plans: tuple[Plan, ...]
    index: int | None          # position of the current plan; None if plan unknown
    seats: int | None

    @property
    def plan(self) -> Plan | None:
        return self.plans[self.index] if self.index is not None else None


@dataclass(frozen=True)
class Offer:
    """What one matched item means for the account."""

    status: str               # met | upsell | cross_sell | unavailable
    item: str | None = None   # plan / option / product id to propose
    product: str | None = None
    from_plan: str | None = None
    where: str = ""           # for met: "plan accounting-pro" or "product inventory"
    why: str = ""             # for unavailable: reason key


class Catalog:
    """Plan ladders and option rules of one catalog, read once."""

    def __init__(self, catalog: dict[str, Any]) -> None:
        catalog = catalog if isinstance(catalog, dict) else {}
        self.plans: dict[str, tuple[Plan, ...]] = {}
        for product in catalog.get("products") or []:
            if not isinstance(product, dict) or not product.get("id"):
                continue
            ladder = []
            for plan in product.get("plans") or []:
                if isinstance(plan, dict) and plan.get("id"):
                    limit = as_number(plan.get("seat_limit"))
                    ladder.append(Plan(str(plan["id"]),
                                       frozenset(str(f) for f in plan.get("features") or []),
                                       int(limit) if limit and limit > 0 else None,
                                       as_number(plan.get("monthly_price"))))
            self.plans[str(product["id"])] = tuple(ladder)
        self.option_for: dict[str, frozenset[str] | None] = {}
        for option in catalog.get("options") or []:
            if isinstance(option, dict) and option.get("id"):
                fp = option.get("for_products")
                self.option_for[str(option["id"])] = (
                    frozenset(str(p) for p in fp) if isinstance(fp, list) else None
                )

    def holdings(self, account: dict[str, Any] | None) -> dict[str, Holding]:
        """The account's subscriptions to products this catalog knows."""
        out: dict[str, Holding] = {}
        subs = account.get("subscriptions") if isinstance(account, dict) else None
        for sub in subs if isinstance(subs, list) else []:
            if not isinstance(sub, dict) or str(sub.get("product")) not in self.plans:
                continue
            product = str(sub["product"])
            ladder = self.plans[product]
            ids = [p.id for p in ladder]
            index = ids.index(str(sub.get("plan"))) if str(sub.get("plan")) in ids else None
            seats = as_number(sub.get("seats_used"))
            old = out.get(product)
            if old is None or _rank(index) > _rank(old.index):
                out[product] = Holding(product, ladder, index,
                                       int(seats) if seats is not None and seats >= 0 else None)
        return out

    def offer(self, item: Item, held: dict[str, Holding]) -> Offer:
        """Met by what they have, an upsell, a cross-sell, or not sellable to them."""
        if item.kind == "option":
            allowed = self.option_for.get(item.id)
            if held and (allowed is None or allowed & held.keys()):
                return Offer("cross_sell", item.id)
            return Offer("unavailable", item.id, why="option_not_for")
        product = item.product or item.id
        holding = held.get(product)
        if holding is None:
            return Offer("cross_sell", product, product=product)
        if item.kind == "product":
            return Offer("met", product, product=product, where=f"product {product}")
        current = holding.plan
        if current is not None and item.id in current.features:
            return Offer("met", item.id, product=product, where=f"plan {current.id}")
        start = (holding.index + 1) if holding.index is not None else 0
        for plan in holding.plans[start:]:
            if item.id in plan.features:
                return Offer("upsell", plan.id, product=product,
                             from_plan=current.id if current else None)
        return Offer("unavailable", item.id, product=product, why="no_higher_plan")


def _rank(index: int | None) -> int:
    return -1 if index is None else index
