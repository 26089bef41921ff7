"""Future needs fall into explainable themes, across Japanese and English."""

from __future__ import annotations

import math
import random
import time

import pytest
from report_needgen import generate

from webapp.reports.concepts import features, load_lexicon
from webapp.reports.themes import UNSORTED_ID, Need, Theme, theme_id_for, themes

MOBILE = [
    "mobile app with offline mode",
    "We would love to run the books from a mobile app with offline mode on the shop floor",
    "スマホでオフラインでも使いたい",
]
AI = ["AIで問い合わせに自動回答してほしい", "an AI chatbot to answer customer questions"]


def need(
    key: str,
    text: str,
    account: str = "acme",
    mrr: int = 100_000,
    seen_at: str = "2025-01-10",
    lang: str = "en",
) -> Need:
    return Need(key=key, text=text, lang=lang, account=account, mrr=mrr, seen_at=seen_at)


def sample() -> list[Need]:
    texts = MOBILE + AI
    return [
        need(f"n{i}", t, account=f"acc{i}", mrr=10_000 * (i + 1), seen_at=f"2025-0{i + 1}-05")
        for i, t in enumerate(texts)
    ]


def theme_of(result: list[Theme], key: str) -> Theme:
    return next(t for t in result if any(m.need.key == key for m in t.needs))


def test_mobile_offline_needs_in_japanese_and_english_form_one_theme():
    result = themes(sample())
    mobile = theme_of(result, "n0")
    assert {m.need.key for m in mobile.needs} == {"n0", "n1", "n2"}


def test_ai_answer_needs_form_one_theme_apart_from_mobile():
    result = themes(sample())
    ai = theme_of(result, "n3")
    assert {m.need.key for m in ai.needs} == {"n3", "n4"}
    assert ai.id != theme_of(result, "n0").id
    assert len(result) == 2


def test_every_need_says_why_and_each_theme_shows_its_ties():
    result = themes(sample())
    mobile = theme_of(result, "n0")
    assert mobile.ties[:2] == ["concept:mobile", "concept:offline"]
    assert mobile.ties_display("ja")[:2] == ["モバイル", "オフライン"]
    for member in mobile.needs:
        assert {"concept:mobile", "concept:offline"} <= set(member.why)
    joined = next(m for m in mobile.needs if m.need.key == "n2")
    assert joined.how == "similar" and 0.6 <= joined.score <= 1.0


def test_theme_name_defaults_to_its_concepts_in_the_readers_language():
    mobile = theme_of(themes(sample()), "n0")
    assert mobile.display_name("ja") == "モバイル / オフライン"
    assert mobile.display_name("en") == "Mobile / Offline"


def test_theme_counts_accounts_once_and_sums_their_revenue():
    needs = [
        need("a", "mobile app with offline mode", "acme", 50_000, "2025-01-03"),
        need("b", "スマホでオフラインでも使いたい", "acme", 50_000, "2025-01-20"),
        need("c", "offline smartphone app", "beta", 20_000, "2025-03-01"),
    ]
    [theme] = themes(needs)
    assert theme.accounts == {"acme", "beta"}
    assert theme.total_mrr == 70_000
    assert (theme.first_seen, theme.last_seen) == ("2025-01-03", "2025-03-01")
    assert theme.monthly_trend == {"2025-01": 2, "2025-03": 1}
    assert [m.need.account for m in theme.examples][:2] == ["acme", "beta"]


def test_same_needs_in_another_order_give_the_same_themes():
    needs = sample() + generate(300, seed=7)
    shuffled = needs[:]
    random.Random(3).shuffle(shuffled)

    def shape(result: list[Theme]):
        return [
            (t.id, [m.need.key for m in t.needs], t.ties, [m.why for m in t.needs]) for t in result
        ]

    assert shape(themes(needs)) == shape(themes(shuffled))


def test_theme_id_comes_from_its_anchor_need_not_from_its_position():
    result = themes(sample())
    assert theme_of(result, "n0").id == theme_id_for("n0")
    assert theme_of(result, "n3").id == theme_id_for("n3")


def test_threshold_decides_whether_two_needs_share_a_theme():
    a = need("a", "mobile app with push notifications", seen_at="2025-01-01")
    b = need("b", "mobile app with offline mode", seen_at="2025-01-02")
    lex = load_lexicon()
    fa, fb = features(a.text, lex), features(b.text, lex)
    dot = sum(w * fb[k] for k, w in fa.items() if k in fb)
    score = dot / math.sqrt(sum(w * w for w in fa.values()) * sum(w * w for w in fb.values()))
    assert 0 < score < 1
    assert len(themes([a, b], threshold=score - 0.01)) == 1
    assert len(themes([a, b], threshold=score)) == 1
    assert len(themes([a, b], threshold=score + 0.01)) == 2


def test_needs_with_nothing_to_compare_go_to_the_unsorted_theme_last():
    needs = sample() + [need("x1", "", seen_at="2025-02-01"), need("x2", "!!! ...")]
    result = themes(needs)
    assert result[-1].id == UNSORTED_ID
    assert {m.need.key for m in result[-1].needs} == {"x1", "x2"}
    assert result[-1].display_name("ja") == "未分類"


def test_themes_are_ordered_by_revenue():
    result = themes(sample())
    assert [t.total_mrr for t in result] == sorted((t.total_mrr for t in result), reverse=True)


def test_duplicate_keys_and_bad_thresholds_are_refused():
    with pytest.raises(ValueError, match="duplicate"):
        themes([need("a", "x"), need("a", "y")])
    with pytest.raises(ValueError, match="threshold"):
        themes(sample(), threshold=1.5)


def test_twenty_thousand_needs_group_in_about_a_second():
    needs = generate(20_000)
    started = time.perf_counter()
    result = themes(needs)
    elapsed = time.perf_counter() - started
    assert sum(len(t.needs) for t in result) == 20_000
    assert elapsed < 5.0, f"{elapsed:.2f}s"  # ~0.8 s cold, ~0.25 s warm on 2 cores


def test_rows_for_export_name_theme_and_why_in_the_readers_language(tmp_path):
    from webapp.reports.csv_export import write_csv
    from webapp.reports.themes import need_rows, theme_rows

    result = themes(sample())
    rows = list(need_rows(result, "ja"))
    assert [r["key"] for r in rows] == [m.need.key for t in result for m in t.needs]
    mobile = next(r for r in rows if r["key"] == "n2")
    assert mobile["theme"] == "モバイル / オフライン" and "オフライン" in mobile["why"]
    summary = list(theme_rows(result, "en"))
    assert summary[0]["needs"] + summary[1]["needs"] == 5
    assert write_csv(need_rows(result, "ja"), list(rows[0]), tmp_path / "needs.csv") == 5
