"""Fixed words and number formats of a proposal, per language.

All wording lives in `proposal_templates/strings.yaml` so that a sales manager can tune a
sentence without touching code, and so that the PDF and the DOCX take every word from
the same place. Money, dates, hours and months are formatted here once; both documents
and the tests see exactly the same strings.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "proposal_templates"
LANGUAGES = ("ja", "en")


@lru_cache(maxsize=4)
def load_strings(path: Path = TEMPLATES_DIR / "strings.yaml") -> dict[str, dict[str, Any]]:
    """Read the strings file once per process (it is read on every proposal otherwise)."""
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    missing = [lang for lang in LANGUAGES if not isinstance(data.get(lang), dict)]
    if missing:
        raise ValueError(f"{path}: no strings for language(s) {', '.join(missing)}")
    return data


def _number(value: float) -> str:
    """1234567 -> '1,234,567'; 2.5 -> '2.5' (no trailing .0 on whole numbers)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


@dataclass(frozen=True)
class Wording:
    """The strings of one language plus the formatters that go with them."""

    lang: str
    currency: str
    texts: dict[str, Any]

    @classmethod
    def for_lang(cls, lang: str, currency: str) -> Wording:
        strings = load_strings()
        return cls(
            lang=lang if lang in LANGUAGES else "ja",
            currency=currency,
            texts=strings[lang if lang in LANGUAGES else "ja"],
        )

    def t(self, key: str, **values: Any) -> str:
        """The text for `key` with `{name}` placeholders filled."""
        text = self.texts[key]
        return text.format(**values) if values else text

    def money(self, amount: float) -> str:
        formats = self.texts.get("money_formats") or {}
        pattern = formats.get(self.currency, self.texts["money_default"])
        sign = "-" if amount < 0 else ""
        return sign + pattern.format(amount=_number(abs(round(amount))), currency=self.currency)

    def signed_money(self, amount: float) -> str:
        """A difference: '+30,000円', '-30,000円', or '0円' when nothing changes."""
        return ("+" if round(amount) > 0 else "") + self.money(amount)

    def hours(self, hours: float) -> str:
        return self.t("hours", hours=_number(hours))

    def months(self, months: float) -> str:
        return self.t("months", months=_number(math.ceil(months * 10) / 10))

    def date(self, day: dt.date) -> str:
        month = self.texts["month_names"][day.month - 1]
        return self.t("date_format", y=day.year, m=day.month, d=day.day, month=month)

    def join(self, items: list[str]) -> str:
        return ("、" if self.lang == "ja" else ", ").join(items)
