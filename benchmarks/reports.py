"""Report pages and CSV downloads with 100,000 responses in the database.

Creates a fresh database in a temporary folder (migrations, the demo catalog, the demo
accounts plus a few hundred generated ones), bulk-inserts N generated responses with the
rows triage writes for them (triage, findings, opportunities, complaints) -- about 25 %
complaints, 35 % ready, 20 % cannot_address_now, 20 % no_action, spread over 12 months,
future needs drawn from a few hundred ja/en phrasings -- plus some proposals and
downloads for the dashboard. Then, logged in as an admin through the real login form,
times every report page and download with the Flask test client (the whole body is read,
so a streamed CSV counts in full) and reports peak memory.

Each request runs twice: "cold" is the first one after the data was written (nothing
cached in the process), "warm" the second (what the next reader of the report sees).

Usage: .venv/bin/python benchmarks/reports.py [--responses 100000] [--accounts 300]
       [--seed 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import re
import resource
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from webapp import create_app  # noqa: E402
from webapp.db import get_db, migrate  # noqa: E402
from webapp.importing import import_accounts, import_catalog  # noqa: E402
from webapp.users import create_user  # noqa: E402

DEMO = ROOT / "demo"
PASSWORD = "benchmark password 123"
TARGET_S = 1.0

PLANS = [("accounting", "accounting-light"), ("accounting", "accounting-standard"),
         ("accounting", "accounting-pro"), ("inventory", "inventory-standard"),
         ("inventory", "inventory-pro"), ("demand-forecast", "demand-forecast-standard"),
         ("sales-management", "sales-management-standard")]
OWNERS = ["rep@example.com", "rep2@example.com", "rep3@example.com", None]
INDUSTRIES = ["manufacturing", "wholesale", "retail", "logistics", "services", "construction"]

COMPLAINTS_JA = ["先月から画面の表示がとても遅く、入力中にエラーで落ちることがあります。",
                 "サポートの返答が遅く、問題が{n}日解決しません。", "料金が高すぎると感じています。",
                 "アップデートのたびに操作が変わって困ります。", "請求書の金額が間違っていました。",
                 "ログインできないことが週に{n}回あります。"]
COMPLAINTS_EN = ["The app crashes when I export {n} rows.", "Support took {n} days to answer.",
                 "It is far too expensive for what we use.", "Every update breaks our month-end close.",
                 "The invoice amount was wrong again.", "We get logged out {n} times a day."]
ADDRESSABLE_JA = [("海外子会社との外貨建て取引を処理できず、Excelで換算しています。", "multi-currency"),
                  ("稟議を紙で回していて承認に時間がかかります。", "approval-workflow"),
                  ("月次の報告書を作るのに{n}日かかっています。", "monthly-report"),
                  ("入荷のたびに品番を手で入力しています。", "barcode")]
ADDRESSABLE_EN = [("We can't handle invoices in foreign currency.", "multi-currency"),
                  ("Approvals are chased by e-mail.", "approval-workflow"),
                  ("Month-end reporting takes {n} hours.", "monthly-report"),
                  ("Receiving is typed in from a clipboard.", "barcode")]
PRAISE = {"ja": "いつも便利に使っています。", "en": "Great product, no complaints."}

# Future needs: concept terms in ja/en templates, recombined into a few hundred phrasings.
NEED_TERMS = {
    "mobile": (["スマホ", "スマートフォン", "タブレット"], ["a mobile app", "a smartphone app", "tablets"]),
    "offline": (["オフライン", "電波がない所"], ["offline mode", "places with no signal"]),
    "ai": (["AI", "チャットボット", "自動回答"], ["AI suggestions", "a chatbot", "machine learning"]),
    "export": (["CSV出力", "エクスポート"], ["CSV export", "Excel download"]),
    "approval": (["承認", "ワークフロー"], ["approvals", "a workflow"]),
    "map": (["地図", "GPS"], ["maps", "GPS tracking"]),
    "voice": (["音声入力", "音声"], ["voice input", "speech"]),
    "calendar": (["カレンダー", "予約"], ["a calendar", "booking appointments"]),
    "payment": (["決済", "クレジットカード"], ["payments", "credit cards"]),
    "printing": (["印刷", "帳票"], ["printing", "label printers"]),
    "chat": (["チャット", "社内SNS"], ["chat", "team messaging"]),
    "security": (["二段階認証", "セキュリティ"], ["two-factor login", "security audits"]),
}
NEED_JA = ["{a}で{b}できるようにしたい。", "{a}と{b}があると助かります。", "将来は{a}を{b}で使いたい。",
           "{a}の{b}機能が欲しい。{w}の作業で使います。", "{w}で{a}を使えると嬉しいです。"]
NEED_EN = ["We would like {a} with {b}.", "{a} and {b} for our {w} team would help.",
           "Please add {a} to {b}.", "It would help if we had {a} in the {w}.",
           "Some day we want {a} for the {w}."]
NEED_WORDS_JA = ["倉庫", "現場", "営業", "店舗", "工場", "経理", "配送", "本社"]
NEED_WORDS_EN = ["warehouse", "field", "sales", "shop", "factory", "finance", "delivery", "office"]


def need_phrasings(rnd: random.Random, n: int = 400) -> list[tuple[str, str]]:
    """`n` distinct (lang, text) future-need sentences."""
    concepts = sorted(NEED_TERMS)
    out: dict[str, str] = {}
    while len(out) < n:
        ja = rnd.random() < 0.55
        idx = 0 if ja else 1
        a, b = rnd.sample(concepts, 2)
        text = rnd.choice(NEED_JA if ja else NEED_EN).format(
            a=rnd.choice(NEED_TERMS[a][idx]), b=rnd.choice(NEED_TERMS[b][idx]),
            w=rnd.choice(NEED_WORDS_JA if ja else NEED_WORDS_EN))
        out.setdefault(text[0].upper() + text[1:], "ja" if ja else "en")
    return [(lang, text) for text, lang in out.items()]


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def generated_accounts(rnd: random.Random, n: int) -> list[dict]:
    out = []
    for i in range(n):
        lang = "ja" if rnd.random() < 0.65 else "en"
        subs = []
        for product, plan in rnd.sample(PLANS, rnd.choice([1, 1, 2])):
            if product not in {s["product"] for s in subs}:
                subs.append({"product": product, "plan": plan, "seats_used": rnd.randint(1, 40)})
        out.append({"id": f"acct-{i:04d}", "name": f"株式会社ベンチ{i:04d}" if lang == "ja" else f"Bench {i:04d} Ltd",
                    "industry": rnd.choice(INDUSTRIES), "employees": rnd.randint(10, 3000),
                    "owner": rnd.choice(OWNERS), "lang": lang, "mrr": rnd.randrange(10_000, 800_000, 1000),
                    "departments": rnd.randint(1, 12), "renewal_date": "2027-03-31", "subscriptions": subs})
    return out


def fill(conn: sqlite3.Connection, accounts: list[dict], n: int, rnd: random.Random) -> dict[str, int]:
    """Insert `n` responses and the rows triage writes for them; returns the category counts."""
    phrasings = need_phrasings(rnd)
    start = datetime(2025, 12, 1, tzinfo=UTC)
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    responses, triage, findings, opportunities, complaints = [], [], [], [], []
    counts: dict[str, int] = {}
    for i in range(n):
        account = rnd.choice(accounts)
        lang = account["lang"] if rnd.random() < 0.9 else ("en" if account["lang"] == "ja" else "ja")
        submitted = (start + timedelta(seconds=int(i * 365 * 86400 / n) + rnd.randrange(3600))
                     ).isoformat(timespec="seconds")
        rid = f"b-{i:06d}"
        roll = rnd.random()
        category = ("complaint" if roll < 0.25 else "ready" if roll < 0.60
                    else "cannot_address_now" if roll < 0.80 else "no_action")
        counts[category] = counts.get(category, 0) + 1
        num = rnd.randint(2, 40)
        found: list[tuple[str, str, str | None, str]] = []  # kind, text, item, role
        opps: list[tuple[str, str]] = []
        answers: dict = {}
        if category == "complaint":
            nps = rnd.randint(0, 6)
            for _ in range(rnd.choice([1, 1, 2])):
                found.append(("complaint", rnd.choice(COMPLAINTS_JA if lang == "ja" else COMPLAINTS_EN)
                              .format(n=num), None, "comment"))
            if rnd.random() < 0.4:
                text, item = rnd.choice(ADDRESSABLE_JA if lang == "ja" else ADDRESSABLE_EN)
                found.append(("need_addressable", text.format(n=num), item, "blocked_need"))
                opps.append(("upsell", item))
        elif category == "ready":
            nps = rnd.randint(6, 10)
            text, item = rnd.choice(ADDRESSABLE_JA if lang == "ja" else ADDRESSABLE_EN)
            found.append(("need_addressable", text.format(n=num), item, "blocked_need"))
            opps.append(("upsell" if rnd.random() < 0.6 else "cross_sell", item))
        elif category == "cannot_address_now":
            nps = rnd.randint(4, 10)
        else:
            nps = rnd.randint(7, 10)
            if rnd.random() < 0.5:
                found.append(("praise", PRAISE[lang], None, "comment"))
        # Future needs: every cannot_address_now response, and some ready ones.
        if category == "cannot_address_now" or (category == "ready" and rnd.random() < 0.15):
            pool = [p for p in phrasings if p[0] == lang] or phrasings
            for _ in range(rnd.choice([1, 1, 1, 2])):
                found.append(("need_future", rnd.choice(pool)[1], None, "future_need"))
        by_role: dict[str, list[str]] = {}
        for _kind, text, _item, role in found:
            by_role.setdefault(role, []).append(text)
        answers = {"nps": nps, "satisfaction": max(1, min(5, nps // 2)),
                   **{role: " ".join(texts) for role, texts in by_role.items()}}
        responses.append((rid, account["id"], "csat", lang, submitted, dumps(answers), nps,
                          answers["satisfaction"], stamp, stamp))
        export = {"response": rid, "account": account["id"], "category": category,
                  "approach": "careful" if category == "ready" else "none",
                  "opportunities": [{"kind": k, "item": it, "held": category == "complaint", "reasons": []}
                                    for k, it in opps],
                  "findings": [{"kind": k, "text": t, "item": it} for k, t, it, _r in found],
                  "reasons": [], "overridden_by": None}
        triage.append((rid, account["id"], category, category, export["approach"], "[]", dumps(export),
                       "{}", stamp))
        for seq, (kind, text, item, role) in enumerate(found):
            findings.append((rid, seq, kind, text, item, role))
        for seq, (kind, item) in enumerate(opps):
            opportunities.append((rid, account["id"], seq, kind, item, int(category == "complaint"), "[]"))
        if category == "complaint":
            status = rnd.choices(["new", "acknowledged", "resolved"], [6, 3, 1])[0]
            complaints.append((rid, status, "checked" if status != "new" else None,
                               "product@example.com" if status != "new" else None,
                               stamp if status != "new" else None, stamp))
    with conn:
        conn.executemany("INSERT INTO responses (id, account, survey, lang, submitted_at, answers, nps,"
                         " satisfaction, source, updated_at, triaged_at) VALUES (?,?,?,?,?,?,?,?,'import',?,?)",
                         responses)
        conn.executemany("INSERT INTO triage (response, account, category, auto_category, approach, reasons,"
                         " export, detail, triaged_at) VALUES (?,?,?,?,?,?,?,?,?)", triage)
        conn.executemany("INSERT INTO findings (response, seq, kind, text, item, role) VALUES (?,?,?,?,?,?)",
                         findings)
        conn.executemany("INSERT INTO opportunities (response, account, seq, kind, item, held, reasons)"
                         " VALUES (?,?,?,?,?,?,?)", opportunities)
        conn.executemany("INSERT INTO complaints (response, status, note, changed_by, changed_at, created_at)"
                         " VALUES (?,?,?,?,?,?)", complaints)
    # Proposals for the dashboard: one per ready response of a few hundred accounts.
    ready = [r for r in triage if r[2] == "ready"]
    proposals, downloads = [], []
    for pid, row in enumerate(rnd.sample(ready, min(len(ready), max(1, n // 50))), start=1):
        status = rnd.choices(["draft", "sent", "meeting_booked", "won", "lost"], [4, 3, 1, 1, 1])[0]
        created = next(r[4] for r in responses if r[0] == row[0]) if pid <= 50 else row[8]
        proposals.append((pid, row[1], row[0], "upsell", "accounting-pro", '["accounting-pro"]', "ja",
                          "ready" if rnd.random() < 0.9 else "failed", status,
                          rnd.randrange(10_000, 200_000, 1000) if status == "won" else None, created, created))
        if rnd.random() < 0.5:
            downloads.append((pid, rnd.choice(["customer", "rep"]), "pdf", created))
    with conn:
        conn.executemany("INSERT OR IGNORE INTO proposals (id, account, response, kind, item, items, lang, state,"
                         " status, won_amount, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                         proposals)
        conn.executemany("INSERT INTO downloads (proposal, who, format, at) VALUES (?,?,?,?)", downloads)
    return counts


def build(folder: Path, n: int, n_accounts: int, seed: int):
    rnd = random.Random(seed)
    app = create_app({"DATABASE": str(folder / "bench.sqlite"), "OUTPUT_DIR": str(folder / "output"),
                      "TESTING": True, "RATELIMIT_ENABLED": False, "HUEY_IMMEDIATE": True,
                      "SECRET_KEY": "benchmark"})
    with app.app_context():
        db = get_db()
        migrate(db)
        import_catalog(db, DEMO / "catalog.yaml")
        import_accounts(db, DEMO / "accounts.jsonl")
        lines = "\n".join(json.dumps(a, ensure_ascii=False) for a in generated_accounts(rnd, n_accounts))
        import_accounts(db, lines.encode("utf-8"), "accounts.jsonl")
        accounts = list(db.query("SELECT id, lang FROM accounts"))
        create_user(db, "admin@example.com", "admin", PASSWORD, "Admin")
        t0 = time.perf_counter()
        counts = fill(db.conn, accounts, n, rnd)
        load_s = time.perf_counter() - t0
    return app, counts, load_s


def reuse(folder: Path):
    app = create_app({"DATABASE": str(folder / "bench.sqlite"), "OUTPUT_DIR": str(folder / "output"),
                      "TESTING": True, "RATELIMIT_ENABLED": False, "HUEY_IMMEDIATE": True,
                      "SECRET_KEY": "benchmark"})
    with app.app_context():
        db = get_db()
        migrate(db)
        counts = {r["category"]: r["n"] for r in db.query(
            "SELECT category, count(*) AS n FROM triage GROUP BY category")}
    return app, counts, 0.0


def login(client) -> None:
    page = client.get("/auth/login").get_data(as_text=True)
    token = (re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
             or re.search(r'name="csrf_token" value="([^"]+)"', page)).group(1)
    response = client.post("/auth/login", data={"email": "admin@example.com", "password": PASSWORD,
                                                "csrf_token": token})
    assert response.status_code == 302, response.status_code


TARGETS = [
    ("complaints page", "/reports/complaints"),
    ("complaints.csv", "/reports/complaints.csv"),
    ("future-needs page", "/reports/future-needs"),
    ("future-needs.csv", "/reports/future-needs.csv"),
    ("dashboard page", "/reports/dashboard"),
    ("chart nps.svg", "/reports/charts/nps.svg"),
    ("chart categories.svg", "/reports/charts/categories.svg"),
    ("chart funnel.svg", "/reports/charts/funnel.svg"),
    ("chart change.svg", "/reports/charts/change.svg"),
]


def timed(client, url: str) -> tuple[float, int, int, int]:
    """Seconds, status, body bytes and CSV lines for one GET, the body read to the end."""
    gc.collect()
    t0 = time.perf_counter()
    response = client.get(url)
    body = response.get_data()
    elapsed = time.perf_counter() - t0
    lines = body.count(b"\r\n") - 1 if url.endswith(".csv") else 0
    return elapsed, response.status_code, len(body), lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--accounts", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", help="build the database in this folder and keep it")
    parser.add_argument("--reuse", help="time against a database --keep made (migrated first)")
    args = parser.parse_args()

    tmp = None if args.keep or args.reuse else tempfile.TemporaryDirectory(prefix="reports-bench-")
    folder = Path(args.reuse or args.keep or tmp.name)
    folder.mkdir(parents=True, exist_ok=True)
    if args.reuse:
        app, counts, load_s = reuse(folder)
    else:
        app, counts, load_s = build(folder, args.responses, args.accounts, args.seed)
    db_mb = (folder / "bench.sqlite").stat().st_size / 2**20
    with app.app_context():
        db = get_db()
        needs = next(db.query("SELECT count(*) AS n FROM findings WHERE kind = 'need_future'"))["n"]
        accounts = db["accounts"].count
        args.responses = db["responses"].count
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    client = app.test_client()
    login(client)

    rows = []
    for label, url in TARGETS:
        cold, status, size, lines = timed(client, url)
        warm, status2, _size, _lines = timed(client, url)
        assert status == status2 == 200, (url, status, status2)
        rows.append([label, cold, warm, size, lines])
    # Memory in a third pass: tracemalloc slows allocation down, so it must not touch the times.
    tracemalloc.start()
    for row, (_label, url) in zip(rows, TARGETS, strict=True):
        tracemalloc.reset_peak()
        timed(client, url)
        row.append(tracemalloc.get_traced_memory()[1] / 2**20)
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo", encoding="utf-8")
                if line.startswith("model name")), platform.processor() or "?")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}")
    print(f"data: {args.responses:,} responses ({', '.join(f'{k} {v:,}' for k, v in sorted(counts.items()))}), "
          f"{needs:,} future-need findings, {accounts} accounts; loaded in {load_s:.1f} s; "
          f"database {db_mb:.0f} MB")
    print()
    print(f"| {'report':22} | {'cold':>8} | {'warm':>8} | {'size':>9} | {'CSV rows':>8} | {'py peak':>8} | target |")
    print(f"|{'-' * 24}|{'-' * 10}|{'-' * 10}|{'-' * 11}|{'-' * 10}|{'-' * 10}|--------|")
    for label, cold, warm, size, lines, peak in rows:
        ok = "ok" if max(cold, warm) < TARGET_S else "SLOW"
        print(f"| {label:22} | {cold * 1000:6.0f} ms | {warm * 1000:6.0f} ms | {size / 1024:7.0f} KB | "
              f"{lines if lines else '':>8} | {peak:5.1f} MB | {ok:6} |")
    print()
    print(f"peak memory: tracemalloc peak over the requests {max(r[5] for r in rows):.1f} MB (Python objects); "
          f"max RSS {rss:.0f} MB (process, {rss_before:.0f} MB after loading the data)")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main()
