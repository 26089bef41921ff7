"""Read-only lookups in a catalog dict (formats.md shape) for proposal content.

The catalog arrives as the plain dict the importer stores; these helpers keep the
"find the plan, its product, its neighbours" logic in one place instead of scattered
loops in the content builder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Item = dict[str, Any]


def name_of(item: Item | None, lang: str) -> str:
    """The item's name in `lang`, else the other language, else its id."""
    if not item:
        return ""
    name = item.get("name")
    if isinstance(name, dict):
        return str(name.get(lang) or name.get("en") or name.get("ja") or item.get("id", ""))
    return str(name or item.get("id", ""))


def text_of(value: Any, lang: str) -> str:
    """A {ja, en} text (description, reason) in `lang`, falling back like `name_of`."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or value.get("ja") or "")
    return str(value or "")


@dataclass(frozen=True)
class Catalog:
    """Index over a catalog dict."""

    data: dict[str, Any]

    @property
    def currency(self) -> str:
        return str(self.data.get("currency") or "JPY")

    def products(self) -> list[Item]:
        return list(self.data.get("products") or [])

    def options(self) -> list[Item]:
        return list(self.data.get("options") or [])

    def product(self, product_id: str | None) -> Item | None:
        return next((p for p in self.products() if p.get("id") == product_id), None)

    def option(self, option_id: str | None) -> Item | None:
        return next((o for o in self.options() if o.get("id") == option_id), None)

    def plan(self, plan_id: str | None) -> tuple[Item | None, Item | None]:
        """(product, plan) for a plan id, or (None, None)."""
        for product in self.products():
            for plan in product.get("plans") or []:
                if plan.get("id") == plan_id:
                    return product, plan
        return None, None

    def plans(self, product: Item) -> list[Item]:
        """Plans lowest tier first, as the catalog lists them."""
        return list(product.get("plans") or [])

    def plan_above(self, product: Item, plan: Item) -> Item | None:
        plans = self.plans(product)
        index = next((i for i, p in enumerate(plans) if p.get("id") == plan.get("id")), None)
        return plans[index + 1] if index is not None and index + 1 < len(plans) else None

    def plans_below(self, product: Item, plan: Item) -> list[Item]:
        """Lower plans, nearest first."""
        plans = self.plans(product)
        index = next((i for i, p in enumerate(plans) if p.get("id") == plan.get("id")), 0)
        return list(reversed(plans[:index]))

    def feature(self, product: Item, feature_id: str) -> Item | None:
        return next((f for f in product.get("features") or [] if f.get("id") == feature_id), None)

    def feature_anywhere(self, feature_id: str) -> tuple[Item | None, Item | None]:
        for product in self.products():
            feature = self.feature(product, feature_id)
            if feature:
                return product, feature
        return None, None

    def options_for(self, product_id: str, exclude: set[str] | None = None) -> list[Item]:
        """Options sold for `product_id`, most hours saved first (the strongest add-on)."""
        exclude = exclude or set()
        found = [
            o
            for o in self.options()
            if product_id in (o.get("for_products") or []) and o.get("id") not in exclude
        ]
        return sorted(found, key=lambda o: -(o.get("hours_saved_per_month") or 0))

    def related_reason(self, to_product: str, from_products: list[str]) -> Any:
        for rel in self.data.get("related") or []:
            if rel.get("to") == to_product and rel.get("from") in from_products:
                return rel.get("reason")
        return None


def price(item: Item | None, key: str = "monthly_price") -> int:
    """A price field as an int; missing or malformed counts as 0."""
    if not item:
        return 0
    try:
        return int(item.get(key) or 0)
    except (TypeError, ValueError):
        return 0


def hours(item: Item | None) -> float:
    if not item:
        return 0.0
    try:
        return max(0.0, float(item.get("hours_saved_per_month") or 0))
    except (TypeError, ValueError):
        return 0.0
