"""Read access to the stored catalog, and lookups by id used across the app."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlite_utils import Database

from .i18n import localized

_cache: dict[tuple[str, str], Catalog] = {}  # one entry: the last catalog read


@dataclass
class Catalog:
    """The catalog document with indexes by id; `data` is the formats.md shape."""

    data: dict
    version: str = ""
    products: dict[str, dict] = field(init=False)
    plans: dict[str, tuple[dict, dict]] = field(init=False)
    options: dict[str, dict] = field(init=False)

    def __post_init__(self) -> None:
        self.products = {p["id"]: p for p in self.data.get("products", [])}
        self.plans = {pl["id"]: (p, pl) for p in self.products.values() for pl in p.get("plans", [])}
        self.options = {o["id"]: o for o in self.data.get("options", [])}

    @property
    def currency(self) -> str:
        return self.data.get("currency", "JPY")

    def name(self, item_id: str, lang: str | None = None) -> str:
        """Display name of a product, plan ("Product Plan"), option or feature id."""
        if item_id in self.products:
            return localized(self.products[item_id]["name"], lang)
        if item_id in self.plans:
            product, plan = self.plans[item_id]
            return f"{localized(product['name'], lang)} {localized(plan['name'], lang)}"
        if item_id in self.options:
            return localized(self.options[item_id]["name"], lang)
        for product in self.products.values():
            for feature in product.get("features", []):
                if feature["id"] == item_id:
                    return localized(feature["name"], lang)
        return item_id

    def options_for(self, product_ids: set[str] | None = None) -> list[dict]:
        """Options sold for any of `product_ids` (all options when None)."""
        return [o for o in self.options.values()
                if product_ids is None or set(o.get("for_products") or []) & product_ids]


EMPTY = Catalog({"currency": "JPY", "products": [], "options": [], "related": []})


def get_catalog(db: Database) -> Catalog:
    """The current catalog, parsed once per import (cached by database file and import time)."""
    row = next(db.query("SELECT data, imported_at FROM catalog WHERE id = 1"), None)
    if row is None:
        return EMPTY
    key = (row["imported_at"], row["data"])  # the text itself: two imports in one second differ
    if key not in _cache:
        _cache.clear()
        _cache[key] = Catalog(json.loads(row["data"]), version=row["imported_at"])
    return _cache[key]
