"""Triage throughput: 10,000 generated responses (mixed ja/en) on the demo catalog.

Run: .venv/bin/python benchmarks/triage.py [N] [--unique]
`--unique` makes every sentence distinct (a reference number is appended), which defeats
the per-sentence caches: the worst case, every answer new.
Prints responses/second on one core and peak memory. Sentences are drawn from a pool and
recombined, numbers and names varied, so the tokenizer cache sees realistic repetition
(survey answers repeat a lot) but not one sentence 10,000 times.
"""

from __future__ import annotations

import random
import resource
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from webapp.triage import Triager  # noqa: E402

CATALOG = Path(__file__).resolve().parent.parent / "demo" / "catalog.yaml"
JA = [
    "海外子会社との外貨建て取引を処理できず、Excelで換算しています。",
    "欠品が多く、いつ何をどれだけ発注すべきか勘に頼っています。",
    "先月から画面の表示がとても遅く、入力中にエラーで落ちることがあります。",
    "特に不満はありません。", "少し動作が重く感じることがございます。",
    "月次の報告書を作るのに{n}日かかっています。", "稟議を紙で回していて承認に時間がかかります。",
    "新人が操作を覚えるまでに{n}か月かかります。", "料金が少し高いと感じています。",
    "入荷のたびに品番を手で入力しています。", "受注を{n}人で手入力しています。",
]
EN = [
    "We can't handle invoices in foreign currency and convert {n} of them by hand.",
    "We run out of stock and guess how much to order.", "Great product, no complaints.",
    "The app crashes when I export {n} rows.", "Month-end reporting takes {n} hours.",
    "Approvals are chased by e-mail.", "It is a bit expensive for what we use.",
    "We would love an offline mobile app for the shop floor.",
    "New staff take {n} weeks to learn it.", "Receiving is typed in from a clipboard.",
]
PLANS = [("accounting", "accounting-light", 10), ("accounting", "accounting-standard", 50),
         ("accounting", "accounting-pro", 200), ("inventory", "inventory-standard", 20),
         ("inventory", "inventory-pro", 100)]
OPTIONS = ["onboarding-training", "premium-support", "maintenance-inspection"]


def generate(n: int, seed: int = 7, unique: bool = False) -> list[tuple[dict, dict]]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        pool = JA if i % 2 else EN
        product, plan, limit = rnd.choice(PLANS)
        account = {"id": f"a{i}", "subscriptions": [
            {"product": product, "plan": plan, "seats_used": rnd.randint(1, limit)}]}
        answers = {"nps": rnd.randint(0, 10), "satisfaction": str(rnd.randint(1, 5))}
        for role in ("blocked_need", "future_need", "comment"):
            if rnd.random() < 0.7:
                k = rnd.randint(1, 2)
                answers[role] = " ".join(
                    s.format(n=rnd.randint(2, 40)) + (f" (#{i}{role[0]}{j})" if unique else "")
                    for j, s in enumerate(rnd.sample(pool, k)))
        if rnd.random() < 0.3:
            answers["interests"] = [rnd.choice(OPTIONS)]
        out.append(({"id": f"r{i}", "account": f"a{i}", "answers": answers}, account))
    return out


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 10_000
    unique = "--unique" in sys.argv
    catalog = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    data = generate(n, unique=unique)
    t0 = time.perf_counter()
    triager = Triager(catalog)
    build = time.perf_counter() - t0
    t0 = time.process_time()
    counts: dict[str, int] = {}
    for response, account in data:
        cat = triager.triage(response, account).category
        counts[cat] = counts.get(cat, 0) + 1
    cpu = time.process_time() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"responses: {n}{' (all sentences unique)' if unique else ''}   "
          f"index build: {build * 1000:.0f} ms")
    print(f"triage CPU time: {cpu:.2f} s   throughput: {n / cpu:,.0f} responses/s (one core)")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")
    print("categories:", dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
