"""The decision triage returns: plain dataclasses with the export shape of formats.md.

`to_export()` is the public interface (other systems read it); the extra fields
(product, cue, role, score...) are for the web pages and proposals, which need to show
why and to quote the customer's own words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CATEGORIES = ("complaint", "ready", "cannot_address_now", "no_action")
KINDS = ("upsell", "cross_sell", "downsell")
FINDING_KINDS = ("complaint", "need_addressable", "need_future", "praise")


@dataclass
class Finding:
    """One customer statement and what it was judged to be."""

    kind: str                  # complaint | need_addressable | need_future | praise
    text: str                  # the customer's sentence, verbatim
    item: str | None = None    # feature / option / product (or plan for downsell) id
    role: str = ""             # the answer it came from: blocked_need, comment, ...
    cue: str | None = None     # the word or rule that decided the kind
    score: float | None = None  # catalog match score, when a match was made

    def to_export(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "item": self.item}


@dataclass
class Opportunity:
    """Something to propose: a plan (upsell/downsell), an option or a product."""

    kind: str                  # upsell | cross_sell | downsell
    item: str                  # plan id, option id or product id
    held: bool = False         # True while the response is a complaint
    reasons: list[str] = field(default_factory=list)
    product: str | None = None     # the customer's product it concerns
    from_plan: str | None = None   # their current plan, for upsell/downsell
    feature: str | None = None     # the feature that drove an upsell/cross-sell
    finding_index: int | None = None  # index in Decision.findings of the quoted need
    source: str = ""           # need | interest | seats | price

    def to_export(self) -> dict[str, Any]:
        return {"kind": self.kind, "item": self.item, "held": self.held,
                "reasons": list(self.reasons)}


@dataclass
class Decision:
    """Triage of one response: category, approach, what to offer, and why."""

    response: str | None
    account: str | None
    category: str
    approach: str
    opportunities: list[Opportunity] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    reason_codes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    nps: int | None = None
    satisfaction: int | None = None

    def to_export(self, overridden_by: str | None = None) -> dict[str, Any]:
        """One line of the triage export (formats.md), exactly those keys."""
        return {
            "response": self.response,
            "account": self.account,
            "category": self.category,
            "approach": self.approach,
            "opportunities": [o.to_export() for o in self.opportunities],
            "findings": [f.to_export() for f in self.findings],
            "reasons": list(self.reasons),
            "overridden_by": overridden_by,
        }
