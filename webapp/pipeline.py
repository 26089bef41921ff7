"""What happens after data changes: responses saved → triage → proposals.

The web form, the importers and the CLI all announce `responses_saved`; triage announces
`triaged`. Each step registers itself, so a response is handled the same way whichever
door it came in by, and a step can be added without touching the others.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

Hook = Callable[[Database, list[str]], None]
_hooks: dict[str, list[Hook]] = {"responses_saved": [], "triaged": [], "complaints_created": []}


def on(event: str):
    """Register a step to run after `event` (called with the database and the response ids)."""

    def register(func: Hook) -> Hook:
        if func not in _hooks[event]:
            _hooks[event].append(func)
        return func

    return register


def emit(event: str, db: Database, response_ids: list[str]) -> None:
    for hook in _hooks[event]:
        hook(db, response_ids)


def responses_saved(db: Database, response_ids: list[str]) -> None:
    emit("responses_saved", db, response_ids)
