"""Survey responses from offline surveys (face-to-face, phone): JSON lines or CSV.

Ids already stored are skipped, not overwritten: an import never changes what a
customer answered on the web.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlite_utils import Database

from ..catalog import Catalog, get_catalog
from ..db import dumps, now
from ..i18n import gettext as _
from ..surveys import DEFAULT_SURVEY, TEXT_ROLES
from .errors import Collector
from .fields import Check
from .readers import csv_records, file_kind, jsonl_records, read_source

TOP_FIELDS = ("id", "account", "survey", "lang", "submitted_at", "contact_email")
MAX_ANSWERS = 50


def clean_answers(check: Check, answers, catalog: Catalog) -> dict | None:
    """Validate the answers by role; keys without a role are kept as short text."""
    if not isinstance(answers, dict):
        check.fail("answers", _("must be an object of answers by question"))
        return None
    if len(answers) > MAX_ANSWERS:
        check.fail("answers", _("too many answers (at most {n})", n=MAX_ANSWERS))
        return None
    out: dict = {}
    for key, value in answers.items():
        field = f"answers.{key}"
        if key == "nps":
            out[key] = check.integer(value, field, 0, 10)
        elif key == "satisfaction":
            out[key] = check.integer(value, field, 1, 5)
        elif key == "interests":
            out[key] = _interests(check, value, field, catalog)
        elif key in TEXT_ROLES:
            out[key] = check.text(value, field)
        elif isinstance(key, str) and len(key) <= 100:
            out[key] = value if isinstance(value, (int, float, bool)) else check.text(
                value if not isinstance(value, list) else "; ".join(map(str, value)), field)
        else:
            check.fail("answers", _("question names must be at most 100 characters"))
    out = {k: v for k, v in out.items() if v not in (None, "", [])}
    if not out:
        check.fail("answers", _("a response needs at least one answer"))
        return None
    return out


def _interests(check: Check, value, field: str, catalog: Catalog) -> list[str] | None:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(";") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        check.fail(field, _("must be a list of option ids"))
        return None
    unknown = [v for v in value if catalog.options and v not in catalog.options]
    if unknown:
        check.fail(field, _("unknown option '{id}'", id=unknown[0]))
        return None
    return list(dict.fromkeys(value))


def parse_responses(source: str | Path | bytes, name: str | None, catalog: Catalog,
                    known_accounts: dict[str, str], survey_ids: set[str]) -> list[dict]:
    """Validate every response. `known_accounts` maps account id → its language."""
    display, text = read_source(source, name)
    kind = file_kind(display)
    problems = Collector(display)
    if kind == "jsonl":
        records = jsonl_records(text, problems)
    else:
        records = ((line, {**{k: row.get(k) for k in TOP_FIELDS},
                           "answers": {k: v for k, v in row.items() if k not in TOP_FIELDS}})
                   for line, row in csv_records(text, problems, ["id", "account"]))
    seen: set[str] = set()
    out = []
    for line, raw in records:
        check = Check(problems, line)
        rid = check.key(raw.get("id"), "id")
        account = check.key(raw.get("account"), "account")
        if account and account not in known_accounts:
            check.fail("account", _("unknown account '{id}'", id=account))
        survey = raw.get("survey") or DEFAULT_SURVEY
        if not isinstance(survey, str) or survey not in survey_ids:
            check.fail("survey", _("unknown survey '{id}'", id=survey))
        record = {
            "id": rid,
            "account": account,
            "survey": survey,
            "lang": check.lang(raw.get("lang"), "lang", default=known_accounts.get(account, "ja")),
            "submitted_at": check.iso_datetime(raw.get("submitted_at"), "submitted_at") or now(),
            "contact_email": check.email(raw.get("contact_email"), "contact_email"),
            "answers": clean_answers(check, raw.get("answers"), catalog),
        }
        if rid is not None and rid in seen:
            check.fail("id", _("duplicate id '{id}'", id=rid))
        seen.add(rid)
        out.append(record)
    problems.raise_if_any()
    return out


def response_row(record: dict, source: str, invitation: int | None = None) -> dict:
    """The `responses` table row for a validated record."""
    answers = record["answers"]
    return {
        "id": record["id"], "account": record["account"], "survey": record["survey"],
        "lang": record["lang"], "submitted_at": record["submitted_at"],
        "contact_email": record.get("contact_email"), "answers": dumps(answers),
        "nps": answers.get("nps"), "satisfaction": answers.get("satisfaction"),
        "source": source, "invitation": invitation, "updated_at": now(), "triaged_at": None,
    }


def store_responses(db: Database, records: list[dict]) -> tuple[list[str], int]:
    """Insert new responses in one transaction; returns (inserted ids, skipped count)."""
    existing = {r["id"] for r in db.query(
        "SELECT id FROM responses WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps([r["id"] for r in records])])}
    new = [r for r in records if r["id"] not in existing]
    with db.atomic():
        for record in new:
            db["responses"].insert(response_row(record, "import"))
    return [r["id"] for r in new], len(records) - len(new)


def import_responses(db: Database, source: str | Path | bytes, name: str | None = None
                     ) -> tuple[list[str], int]:
    from ..surveys import survey_ids

    accounts = {r["id"]: r["lang"] for r in db.query("SELECT id, lang FROM accounts")}
    records = parse_responses(source, name, get_catalog(db), accounts, survey_ids())
    return store_responses(db, records)


def load_response(db: Database, response_id: str) -> dict | None:
    """A stored response in the formats.md shape."""
    row = next(db.query("SELECT * FROM responses WHERE id = ?", [response_id]), None)
    if row is None:
        return None
    row["answers"] = json.loads(row["answers"])
    return row
