"""A complaint's life: new → acknowledged → resolved, with who, when and a note.

Resolving a complaint releases the opportunities it held: the response is triaged
again without the complaint, so the case can become ready for a proposal.
"""

from __future__ import annotations

from sqlite_utils import Database

from .db import now
from .triage_store import triage_responses

STATUSES = ("new", "acknowledged", "resolved")


class StatusError(ValueError):
    pass


def set_complaint_status(db: Database, response_id: str, status: str, note: str, author: str) -> None:
    if status not in STATUSES:
        raise StatusError(status)
    row = next(db.query("SELECT status FROM complaints WHERE response = ?", [response_id]), None)
    if row is None:
        raise StatusError(response_id)
    stamp = now()
    with db.atomic():
        db["complaints"].update(response_id, {"status": status, "note": note, "changed_by": author,
                                              "changed_at": stamp})
        db["complaint_events"].insert({"response": response_id, "status": status, "note": note,
                                       "author": author, "at": stamp})
    if status == "resolved" or row["status"] == "resolved":
        triage_responses(db, [response_id])
