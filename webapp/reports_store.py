"""Report queries for the product team: complaints, future-need themes, the dashboard.

Filtering, sorting and counting run in SQL over indexed tables; Python only shapes the
rows (and groups the future needs into themes, which is the report's purpose).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from .db import now
from .reports.concepts import load_lexicon
from .reports.themes import ManualChoices, Need, Theme, themes
from .settings import get_settings
from .sqlwhere import HAS_PRODUCT, Where

COMPLAINT_SORTS = {
    "revenue": "a.mrr DESC, r.submitted_at ASC",
    "age": "r.submitted_at ASC",
    "newest": "r.submitted_at DESC",
}
COMPLAINT_COLUMNS = ["response", "account", "account_name", "owner", "products", "plans", "nps",
                     "text", "submitted_at", "age_days", "status", "changed_by", "changed_at", "note",
                     "mrr"]
# Fewer, wider columns for the PDF a meeting reads (the CSV has them all).
COMPLAINT_PDF_COLUMNS = ["account_name", "products", "nps", "text", "submitted_at", "age_days", "status",
                         "mrr"]
NEED_PDF_COLUMNS = ["theme", "account_name", "text", "mrr", "seen_at"]
# Headings people read (translated through the i18n catalog); CSV headers stay as keys.
COLUMN_LABELS = {"account_name": "Account", "products": "Product", "nps": "NPS", "text": "What they said",
                 "submitted_at": "Submitted", "age_days": "Age (days)", "status": "Status",
                 "mrr": "Revenue / month", "theme": "Theme", "seen_at": "Submitted"}
NEED_COLUMNS = ["response", "account", "account_name", "owner", "theme_id", "theme", "text", "lang",
                "mrr", "seen_at", "category", "why"]


def complaint_rows(db: Database, product: str | None = None, status: str | None = None,
                   min_age_days: int | None = None, sort: str = "revenue",
                   limit: int | None = None) -> Iterator[dict]:
    """Every complaint with its account, product, NPS, quoted sentences, age and status.

    Products and plans are concatenated once per account (`subs`), not once per complaint.
    """
    sql = [
        "WITH subs AS MATERIALIZED (SELECT a.id AS account,",
        " (SELECT group_concat(s.product, ', ') FROM subscriptions s WHERE s.account = a.id) AS products,",
        " (SELECT group_concat(s.plan, ', ') FROM subscriptions s WHERE s.account = a.id) AS plans",
        " FROM accounts a)",
        " SELECT c.response, c.status, c.note, c.changed_by, c.changed_at, r.account, r.nps,",
        " r.submitted_at, r.answers, a.name AS account_name, a.owner, a.mrr,",
        " CAST(julianday('now') - julianday(r.submitted_at) AS INTEGER) AS age_days,",
        " (SELECT group_concat(f.text, ' / ') FROM findings f WHERE f.response = c.response",
        "   AND f.kind = 'complaint') AS text,",
        " subs.products, subs.plans",
        " FROM complaints c JOIN responses r ON r.id = c.response JOIN accounts a ON a.id = r.account",
        " JOIN triage t ON t.response = c.response LEFT JOIN subs ON subs.account = a.id",
    ]
    cutoff = (datetime.now(UTC) - timedelta(days=min_age_days)).isoformat(timespec="seconds") \
        if min_age_days else None
    # A resolved complaint has released its response (now ready or other) but stays listed.
    where = Where("t.category = 'complaint' OR c.status = 'resolved'")
    where.add(HAS_PRODUCT, product).add("c.status = ?", status)
    where.add("r.submitted_at <= ?", cutoff)
    sql.append(f" WHERE {where.sql} ORDER BY " + COMPLAINT_SORTS.get(sort, COMPLAINT_SORTS["revenue"]))
    args = where.params
    if limit:
        sql.append(" LIMIT ?")
        args.append(limit)
    for row in db.query("".join(sql), args):
        if not row["text"]:  # a complaint by score alone: quote what they wrote
            answers = json.loads(row["answers"])
            row["text"] = " / ".join(str(answers[k]) for k in ("comment", "blocked_need", "future_need")
                                     if answers.get(k))
        del row["answers"]
        yield row


def manual_choices(db: Database) -> ManualChoices:
    """The product team's renames, merges and moves, latest decision first to last."""
    names: dict[str, str] = {}
    merges: dict[str, str] = {}
    moves: dict[str, str] = {}
    for row in db.query("SELECT kind, subject, target FROM theme_choices ORDER BY id"):
        {"rename": names, "merge": merges, "move": moves}[row["kind"]][row["subject"]] = row["target"]
    return ManualChoices(names=names, merges=merges, moves=moves)


def record_theme_choice(db: Database, kind: str, subject: str, target: str, author: str) -> None:
    with db.atomic():
        db["theme_choices"].insert({"kind": kind, "subject": subject, "target": target,
                                    "author": author, "at": now()})


_NEED_SQL = ("SELECT f.id, f.text, r.id AS response, r.lang, r.submitted_at, r.account, a.name AS"
             " account_name, a.owner, a.mrr, t.category FROM findings f JOIN responses r ON r.id = f.response"
             " JOIN accounts a ON a.id = r.account JOIN triage t ON t.response = f.response"
             " WHERE f.kind = 'need_future'")
_NEED_FIELDS = ("id", "text", "response", "lang", "submitted_at", "account", "account_name", "owner", "mrr",
                "category")


def need_key(row: dict) -> str:
    """A need's stable key: its response and sentence (finding ids change when re-triaged)."""
    return f"{row['response']}#{row['text'][:200]}"


@dataclass(frozen=True)
class _ThemeCacheEntry:
    rows: list[tuple]
    inputs: tuple
    result: list[Theme]
    by_key: dict[str, dict]


# The last grouping computed in this process. Grouping tens of thousands of needs takes
# about half a second; reading the need rows a few milliseconds. The grouping is reused
# while every input is equal: the need rows (each finding with its response, account and
# category, compared value by value), the manual choices, the threshold and the lexicon.
_theme_cache: _ThemeCacheEntry | None = None
_theme_lock = threading.Lock()


def future_need_themes(db: Database) -> tuple[list[Theme], dict[str, dict]]:
    """Themes of every future-need finding, whatever the response's category.

    Both values are shared with later calls while the data stays the same: read them,
    do not change them.
    """
    global _theme_cache
    lexicon = load_lexicon()
    rows = db.conn.execute(_NEED_SQL).fetchall()
    manual = manual_choices(db)
    inputs = (get_settings(db).theme_threshold, id(lexicon), tuple(manual.names.items()),
              tuple(manual.merges.items()), tuple(manual.moves.items()))
    with _theme_lock:
        cached = _theme_cache
        if cached is not None and cached.inputs == inputs and cached.rows == rows:
            return list(cached.result), cached.by_key
        by_key: dict[str, dict] = {}
        for values in rows:
            row = dict(zip(_NEED_FIELDS, values, strict=True))
            by_key.setdefault(need_key(row), row)
        needs = [Need(key=k, text=r["text"], lang=r["lang"], account=r["account"], mrr=r["mrr"] or 0,
                      seen_at=r["submitted_at"]) for k, r in by_key.items()]
        result = themes(needs, manual, threshold=inputs[0], lexicon=lexicon)
        _theme_cache = _ThemeCacheEntry(rows, inputs, result, by_key)
    return list(result), by_key


def future_need_rows(db: Database, lang: str) -> Iterator[dict]:
    """One row per future need, in theme order (for the CSV and PDF)."""
    result, by_key = future_need_themes(db)
    for theme in result:
        name = theme.display_name(lang)
        for member in theme.needs:
            row = by_key[member.need.key]
            yield {"response": row["response"], "account": row["account"],
                   "account_name": row["account_name"], "owner": row["owner"], "theme_id": theme.id,
                   "theme": name, "text": row["text"], "lang": row["lang"], "mrr": row["mrr"],
                   "seen_at": row["submitted_at"], "category": row["category"],
                   "why": ", ".join(member.why)}


def dashboard(db: Database, series: bool = True) -> dict:
    """The figures of the dashboard, each from one aggregate query (`series=False` skips the
    responses per category and month, which only the categories chart draws)."""
    counts = nps_counts(db)
    return {"nps_counts": counts, "series": category_series(db) if series else {},
            "funnel": proposal_funnel(db), "nps_change": nps_change(db), "responses": sum(counts.values())}


def nps_counts(db: Database) -> dict[int, int]:
    """How many responses gave each NPS score."""
    return {r["nps"]: r["n"] for r in db.query(
        "SELECT nps, count(*) AS n FROM responses WHERE nps IS NOT NULL GROUP BY nps")}


def category_series(db: Database) -> dict[str, dict[str, int]]:
    """Responses per category per month: category -> month -> count."""
    series: dict[str, dict[str, int]] = {}
    for r in db.query("SELECT substr(r.submitted_at, 1, 7) AS month, t.category, count(*) AS n"
                      " FROM triage t JOIN responses r ON r.id = t.response GROUP BY month, t.category"):
        series.setdefault(r["category"], {})[r["month"]] = r["n"]
    return series


def proposal_funnel(db: Database) -> dict:
    """Proposals generated, downloaded by customers, sent, won and lost; won revenue, success rate."""
    funnel = next(db.query(
        "SELECT count(*) FILTER (WHERE state = 'ready') AS generated,"
        " count(*) FILTER (WHERE id IN (SELECT proposal FROM downloads WHERE who = 'customer'))"
        "   AS downloaded,"
        " count(*) FILTER (WHERE status IN ('sent', 'meeting_booked', 'won', 'lost')) AS sent,"
        " count(*) FILTER (WHERE status = 'won') AS won,"
        " count(*) FILTER (WHERE status = 'lost') AS lost,"
        " coalesce(sum(won_amount) FILTER (WHERE status = 'won'), 0) AS won_mrr FROM proposals"))
    decided = funnel["won"] + funnel["lost"]
    funnel["success_rate"] = round(100 * funnel["won"] / decided, 1) if decided else None
    return funnel


def nps_change(db: Database) -> list[dict]:
    """Accounts surveyed again after their first proposal: average NPS before and after."""
    return list(db.query(
        "WITH first AS (SELECT account, min(created_at) AS at FROM proposals GROUP BY account)"
        " SELECT a.id AS account, a.name, round(avg(r.nps) FILTER (WHERE r.submitted_at < f.at), 1)"
        " AS before, round(avg(r.nps) FILTER (WHERE r.submitted_at >= f.at), 1) AS after"
        " FROM first f JOIN accounts a ON a.id = f.account JOIN responses r ON r.account = f.account"
        " WHERE r.nps IS NOT NULL GROUP BY a.id HAVING before IS NOT NULL AND after IS NOT NULL"
        " ORDER BY a.name"))
