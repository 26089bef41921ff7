"""Runs triage over stored responses and keeps the results, overrides and complaints.

The decision itself comes from the pure `webapp.triage` engine; this module adds what
needs the database: the human override (kept across `triage run --all`), the
complaint's status (a resolved complaint releases its held opportunities), and the
rows that queues and reports query.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace

from sqlite_utils import Database

from .catalog import get_catalog
from .db import dumps, now
from .pipeline import emit, on
from .triage import Decision, Triager, load_rules

BATCH = 500
CATEGORIES = ("complaint", "ready", "cannot_address_now", "no_action")

_triagers: dict[str, Triager] = {}


def triager_for(db: Database) -> Triager:
    """One engine per catalog version: building the catalog index is the slow part."""
    catalog = get_catalog(db)
    key = catalog.version + str(id(catalog.data))
    if key not in _triagers:
        _triagers.clear()
        _triagers[key] = Triager(catalog.data, load_rules())
    return _triagers[key]


def _apply_override(decision: Decision, override: dict | None) -> Decision:
    if not override or override["category"] == decision.category:
        return decision
    held = override["category"] == "complaint"
    return replace(
        decision, category=override["category"],
        opportunities=[replace(o, held=held) for o in decision.opportunities],
        approach="none" if override["category"] != "ready" else (
            decision.approach if decision.approach != "none" else "careful"),
        reasons=[*decision.reasons, f"category set to {override['category']} by {override['author']}: "
                 f"{override['comment']}"])


def _decision_detail(decision: Decision) -> dict:
    """What the pages show beyond the export: roles, cues, matched items, reason codes."""
    return {
        "findings": [{"role": f.role, "cue": f.cue, "score": f.score} for f in decision.findings],
        "opportunities": [{"product": o.product, "from_plan": o.from_plan, "feature": o.feature,
                           "finding_index": o.finding_index, "source": o.source}
                          for o in decision.opportunities],
        "reason_codes": [[code, params] for code, params in decision.reason_codes],
    }


def _store(db: Database, response: dict, decision: Decision, auto_category: str,
           override: dict | None) -> bool:
    """Write one decision; True when it opened a new complaint."""
    rid = response["id"]
    export = decision.to_export(overridden_by=override["author"] if override else None)
    stamp = now()
    db["triage"].upsert({
        "response": rid, "account": response["account"], "category": decision.category,
        "auto_category": auto_category, "approach": decision.approach,
        "reasons": dumps(decision.reasons), "export": dumps(export),
        "detail": dumps(_decision_detail(decision)), "triaged_at": stamp,
    }, pk="response")
    db.execute("DELETE FROM findings WHERE response = ?", [rid])
    db.execute("DELETE FROM opportunities WHERE response = ?", [rid])
    db["findings"].insert_all(
        ({"response": rid, "seq": i, "kind": f.kind, "text": f.text, "item": f.item, "role": f.role}
         for i, f in enumerate(decision.findings)))
    db["opportunities"].insert_all(
        ({"response": rid, "account": response["account"], "seq": i, "kind": o.kind, "item": o.item,
          "held": int(o.held), "reasons": dumps(o.reasons)}
         for i, o in enumerate(decision.opportunities)), ignore=True)
    opened = False
    if decision.category == "complaint":
        opened = db.execute("INSERT OR IGNORE INTO complaints (response, status, created_at)"
                            " VALUES (?, 'new', ?)", [rid, stamp]).rowcount == 1
    else:
        db.execute("DELETE FROM complaints WHERE response = ? AND status = 'new'", [rid])
    db.execute("UPDATE responses SET triaged_at = ? WHERE id = ?", [stamp, rid])
    return opened


def _load_batch(db: Database, ids: list[str]) -> list[dict]:
    rows = list(db.query("SELECT * FROM responses WHERE id IN (SELECT value FROM json_each(?))",
                         [json.dumps(ids)]))
    for row in rows:
        row["answers"] = json.loads(row["answers"])
    return rows


def _accounts(db: Database, account_ids: set[str]) -> dict[str, dict]:
    ids = json.dumps(sorted(account_ids))
    accounts = {a["id"]: {**a, "subscriptions": []} for a in db.query(
        "SELECT * FROM accounts WHERE id IN (SELECT value FROM json_each(?))", [ids])}
    for sub in db.query("SELECT * FROM subscriptions WHERE account IN (SELECT value FROM json_each(?))",
                        [ids]):
        accounts[sub["account"]]["subscriptions"].append(
            {"product": sub["product"], "plan": sub["plan"], "seats_used": sub["seats_used"]})
    return accounts


def triage_responses(db: Database, ids: list[str] | None = None, redo_all: bool = False) -> list[str]:
    """Triage the given responses, every untriaged one, or (redo_all) all of them.

    Human overrides are kept: the automatic category is recomputed and stored beside
    the override, and the override still decides. Returns the ids triaged.
    """
    if ids is None:
        where = "1 = 1" if redo_all else "triaged_at IS NULL"
        ids = [r["id"] for r in db.query(f"SELECT id FROM responses WHERE {where} ORDER BY id")]
    engine = triager_for(db)
    done: list[str] = []
    opened: list[str] = []
    for start in range(0, len(ids), BATCH):
        batch = _load_batch(db, ids[start:start + BATCH])
        accounts = _accounts(db, {r["account"] for r in batch})
        overrides = {o["response"]: o for o in db.query(
            "SELECT * FROM overrides WHERE response IN (SELECT value FROM json_each(?))",
            [json.dumps([r["id"] for r in batch])])}
        resolved = {c["response"]: c for c in db.query(
            "SELECT * FROM complaints WHERE status = 'resolved' AND response IN"
            " (SELECT value FROM json_each(?))", [json.dumps([r["id"] for r in batch])])}
        with db.atomic():
            for response in batch:
                c = resolved.get(response["id"])
                decision = engine.triage(response, accounts.get(response["account"]),
                                         {"by": c["changed_by"], "at": c["changed_at"]} if c else None)
                auto = decision.category
                decision = _apply_override(decision, overrides.get(response["id"]))
                if _store(db, response, decision, auto, overrides.get(response["id"])):
                    opened.append(response["id"])
                done.append(response["id"])
    emit("triaged", db, done)
    emit("complaints_created", db, opened)
    return done


@on("responses_saved")
def _triage_new(db: Database, response_ids: list[str]) -> None:
    if response_ids:
        triage_responses(db, list(response_ids))


def set_override(db: Database, response_id: str, category: str, comment: str, author: str) -> None:
    """A human's category, kept with its author and time, then applied at once."""
    if category not in CATEGORIES:
        raise ValueError(category)
    with db.atomic():
        db["overrides"].upsert({"response": response_id, "category": category, "comment": comment,
                                "author": author, "created_at": now()}, pk="response")
    triage_responses(db, [response_id])


def export_lines(db: Database) -> Iterator[dict]:
    """The triage export of formats.md, one dict per triaged response, in id order."""
    for row in db.query("SELECT export FROM triage ORDER BY response"):
        yield json.loads(row["export"])
