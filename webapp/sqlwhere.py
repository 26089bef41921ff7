"""Optional filters of a list page, turned into one SQL condition with its parameters.

Pages filter by owner, product, status and dates; each filter applies only when the
person chose a value. `Where` collects them so no page hand-builds SQL strings, and
values always travel as parameters.
"""

from __future__ import annotations

# Accounts that subscribe to a product: the product filter of every page.
HAS_PRODUCT = "EXISTS (SELECT 1 FROM subscriptions s WHERE s.account = a.id AND s.product = ?)"


class Where:
    def __init__(self, condition: str = "1 = 1", params: list | tuple = ()):
        self.parts = [condition]
        self.params = list(params)

    def add(self, condition: str, value) -> Where:
        """AND `condition` (with one `?`) when `value` is given (not None or empty)."""
        if value not in (None, ""):
            self.parts.append(condition)
            self.params.append(value)
        return self

    @property
    def sql(self) -> str:
        return " AND ".join(f"({p})" for p in self.parts)
