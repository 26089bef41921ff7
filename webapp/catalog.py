"""The catalog (what is sold): lookups by id, used by every part of the app.

`Catalog` wraps the formats.md dict with indexes, and holds the "find the plan, its
product, its neighbours" logic in one place for the importers, the survey, the target
list and the proposals. Pure Python; `get_catalog(db)` reads the stored one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

Item = dict[str, Any]


def text_of(value: Any, lang: str | None) -> str:
    """A {ja, en} text in `lang`, else English, else Japanese; a plain string as is."""
    if isinstance(value, dict):
        return str(value.get(lang or "ja") or value.get("en") or value.get("ja")
                   or next(iter(value.values()), ""))
    return "" if value is None else str(value)


def name_of(item: Item | None, lang: str) -> str:
    """The item's name in `lang`, falling back like `text_of`, else its id."""
    if not item:
        return ""
    return text_of(item.get("name"), lang) or str(item.get("id", ""))


def price(item: Item | None, key: str = "monthly_price") -> int:
    """A price field as an int; missing or malformed counts as 0."""
    try:
        return int((item or {}).get(key) or 0)
    except (TypeError, ValueError):
        return 0


def hours(item: Item | None) -> float:
    """Hours saved per month by a feature or option (0 when not stated)."""
    try:
        return max(0.0, float((item or {}).get("hours_saved_per_month") or 0))
    except (TypeError, ValueError):
        return 0.0


@dataclass
class Catalog:
    """The catalog document with indexes by id; `data` is the formats.md shape."""

    data: dict
    version: str = ""
    products: dict[str, Item] = field(init=False)
    plans: dict[str, tuple[Item, Item]] = field(init=False)
    options: dict[str, Item] = field(init=False)

    def __post_init__(self) -> None:
        self.products = {p["id"]: p for p in self.data.get("products") or []}
        self.plans = {pl["id"]: (p, pl) for p in self.products.values() for pl in p.get("plans") or []}
        self.options = {o["id"]: o for o in self.data.get("options") or []}

    @property
    def currency(self) -> str:
        return str(self.data.get("currency") or "JPY")

    def product(self, product_id: str | None) -> Item | None:
        return self.products.get(product_id or "")

    def option(self, option_id: str | None) -> Item | None:
        return self.options.get(option_id or "")

    def plan(self, plan_id: str | None) -> tuple[Item | None, Item | None]:
        """(product, plan) for a plan id, or (None, None)."""
        return self.plans.get(plan_id or "", (None, None))

    @staticmethod
    def plans_of(product: Item) -> list[Item]:
        """Plans lowest tier first, as the catalog lists them."""
        return list(product.get("plans") or [])

    def plan_above(self, product: Item, plan: Item) -> Item | None:
        plans = self.plans_of(product)
        index = next((i for i, p in enumerate(plans) if p.get("id") == plan.get("id")), None)
        return plans[index + 1] if index is not None and index + 1 < len(plans) else None

    def plans_below(self, product: Item, plan: Item) -> list[Item]:
        """Lower plans, nearest first."""
        plans = self.plans_of(product)
        index = next((i for i, p in enumerate(plans) if p.get("id") == plan.get("id")), 0)
        return list(reversed(plans[:index]))

    @staticmethod
    def feature(product: Item, feature_id: str) -> Item | None:
        return next((f for f in product.get("features") or [] if f.get("id") == feature_id), None)

    def feature_anywhere(self, feature_id: str) -> tuple[Item | None, Item | None]:
        for product in self.products.values():
            feature = self.feature(product, feature_id)
            if feature:
                return product, feature
        return None, None

    def options_for(self, products: str | set[str] | None = None, exclude: set[str] | None = None,
                    strongest_first: bool = True) -> list[Item]:
        """Options sold for any of `products` (all when None); most hours saved first, or in
        catalog order (a survey's tick list)."""
        wanted = {products} if isinstance(products, str) else products
        exclude = exclude or set()
        found = [o for o in self.options.values()
                 if (wanted is None or set(o.get("for_products") or []) & wanted)
                 and o.get("id") not in exclude]
        return sorted(found, key=lambda o: -hours(o)) if strongest_first else found

    def related_reason(self, to_product: str, from_products: list[str]) -> Any:
        for rel in self.data.get("related") or []:
            if rel.get("to") == to_product and rel.get("from") in from_products:
                return rel.get("reason")
        return None

    def name(self, item_id: str, lang: str | None = None) -> str:
        """Display name of a product, plan ("Product Plan"), option or feature id."""
        if lang is None:
            from .i18n import current_lang

            lang = current_lang()
        if item_id in self.products:
            return name_of(self.products[item_id], lang)
        if item_id in self.plans:
            product, plan = self.plans[item_id]
            return f"{name_of(product, lang)} {name_of(plan, lang)}"
        if item_id in self.options:
            return name_of(self.options[item_id], lang)
        _product, feature = self.feature_anywhere(item_id)
        return name_of(feature, lang) if feature else item_id


EMPTY = Catalog({"currency": "JPY", "products": [], "options": [], "related": []})
_cache: dict[tuple[str, int], Catalog] = {}  # one entry: the last catalog read


def get_catalog(db: Database) -> Catalog:
    """The stored catalog, parsed once per import.

    Every request needs it, so the check is cheap: the import's time stamp (microseconds)
    and the document's length; the document itself is read and parsed only when they change.
    """
    row = next(db.query("SELECT imported_at, length(data) AS size FROM catalog WHERE id = 1"), None)
    if row is None:
        return EMPTY
    key = (row["imported_at"], row["size"])
    if key not in _cache:
        data = db.execute("SELECT data FROM catalog WHERE id = 1").fetchone()[0]
        _cache.clear()
        _cache[key] = Catalog(json.loads(data), version=row["imported_at"])
    return _cache[key]
