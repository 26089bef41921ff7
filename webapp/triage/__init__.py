"""Triage engine: sorts a survey response into complaint / ready / cannot_address_now /
no_action, with findings, opportunities and plain-language reasons (PRODUCT.md step 3).

Pure Python over plain dicts (formats.md shapes); the web app and CLI call it.

    triager = Triager(catalog)                 # index the catalog once
    decision = triager.triage(response, account)
    decision.to_export()                       # one line of `triage export`
"""

from webapp.triage.engine import Triager, localized_reasons, triage
from webapp.triage.model import CATEGORIES, Decision, Finding, Opportunity
from webapp.triage.rules import Rules, RulesError, load_rules

__all__ = [
    "CATEGORIES", "Decision", "Finding", "Opportunity", "Rules", "RulesError", "Triager",
    "load_rules", "localized_reasons", "triage",
]
