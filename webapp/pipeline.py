"""What happens after responses are stored: triage, then proposals for the ready ones.

The web form, the importers and the CLI all call `responses_saved`, so a response is
handled the same way whichever door it came in by.
"""

from __future__ import annotations

from sqlite_utils import Database

_hooks: list = []


def on_responses_saved(func):
    """Register a step to run after responses are saved (triage registers itself)."""
    _hooks.append(func)
    return func


def responses_saved(db: Database, response_ids: list[str]) -> None:
    for hook in _hooks:
        hook(db, response_ids)
