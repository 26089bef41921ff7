"""Synthetic future needs for tests and timing: concept terms in JA/EN sentences plus noise."""

from __future__ import annotations

import random

from webapp.reports.themes import Need

_JA = [
    "{a}で{b}できるようにしたい",
    "{a}と{b}があると助かります",
    "将来は{a}を{b}で使いたい",
    "{a}の{b}機能が欲しい。{w}の作業で使います",
]
_EN = [
    "We would like {a} with {b}",
    "{a} and {b} for our {w} team",
    "Please add {a} to {b}",
    "It would help if we had {a} on the {w}",
]
_TERMS = {
    "mobile": (["スマホ", "アプリ", "スマートフォン"], ["mobile app", "smartphone", "tablet"]),
    "offline": (["オフライン", "電波がない所"], ["offline mode", "no signal"]),
    "ai": (["AI", "チャットボット", "自動回答"], ["an AI", "a chatbot", "machine learning"]),
    "export": (["CSV出力", "エクスポート"], ["CSV export", "Excel download"]),
    "approval": (["承認", "ワークフロー"], ["approval", "workflow"]),
    "map": (["地図", "GPS"], ["maps", "GPS"]),
    "voice": (["音声入力", "音声"], ["voice input", "speech"]),
    "calendar": (["カレンダー", "予約"], ["calendar", "booking appointments"]),
    "payment": (["決済", "クレジットカード"], ["payments", "credit card"]),
    "printing": (["印刷", "帳票"], ["printing", "printer"]),
}
_WORDS = [f"w{i}" for i in range(400)] + ["warehouse", "field", "sales", "shop", "store", "site"]


def generate(n: int, seed: int = 1, prefix: str = "g") -> list[Need]:
    rnd = random.Random(seed)
    concepts = sorted(_TERMS)
    out = []
    for i in range(n):
        a, b = rnd.sample(concepts, 2)
        ja = rnd.random() < 0.5
        idx = 0 if ja else 1
        tmpl = rnd.choice(_JA if ja else _EN)
        text = tmpl.format(
            a=rnd.choice(_TERMS[a][idx]), b=rnd.choice(_TERMS[b][idx]), w=rnd.choice(_WORDS)
        )
        month = 1 + i * 12 // n
        out.append(
            Need(
                key=f"{prefix}{i}",
                text=f"{text} #{i}" if rnd.random() < 0.3 else text,
                lang="ja" if ja else "en",
                account=f"a{rnd.randrange(2000)}",
                mrr=rnd.randrange(10_000, 500_000),
                seen_at=f"2025-{month:02d}-15",
            )
        )
    return out
