"""What the product team decides about themes survives new needs and regrouping."""

from __future__ import annotations

from webapp.reports.themes import ManualChoices, Need, Theme, theme_id_for, themes


def need(key: str, text: str, seen_at: str, account: str = "acme", mrr: int = 10_000) -> Need:
    return Need(key=key, text=text, lang="en", account=account, mrr=mrr, seen_at=seen_at)


FIRST = [
    need("m1", "mobile app with offline mode", "2025-01-01", "a1"),
    need("m2", "スマホでオフラインでも使いたい", "2025-01-02", "a2"),
    need("q1", "AIで問い合わせに自動回答してほしい", "2025-01-03", "a3"),
    need("q2", "an AI chatbot to answer customer questions", "2025-01-04", "a4"),
    need("s1", "請求書に電子署名をしたい", "2025-01-05", "a5"),
]
LATER = [
    need("m3", "offline mode in the smartphone app", "2025-03-01", "a6"),
    need("q3", "チャットボットで質問に答えたい", "2025-03-02", "a7"),
    need("s2", "e-signature for invoices", "2025-03-03", "a8"),
    need("p1", "印刷した帳票をPDFで", "2025-03-04", "a9"),
]
MOBILE, AI, SIGN = theme_id_for("m1"), theme_id_for("q1"), theme_id_for("s1")


def by_id(result: list[Theme]) -> dict[str, Theme]:
    return {t.id: t for t in result}


def keys(theme: Theme) -> set[str]:
    return {m.need.key for m in theme.needs}


def test_renamed_theme_keeps_its_name_when_new_needs_arrive():
    manual = ManualChoices(names={MOBILE: "現場アプリ"})
    before = by_id(themes(FIRST, manual))
    after = by_id(themes(FIRST + LATER, manual))
    assert before[MOBILE].display_name("en") == "現場アプリ"
    assert after[MOBILE].display_name("ja") == "現場アプリ"
    assert keys(after[MOBILE]) == {"m1", "m2", "m3"}


def test_merged_theme_stays_merged_and_takes_its_new_needs():
    manual = ManualChoices(merges={SIGN: AI})
    result = by_id(themes(FIRST + LATER, manual))
    assert SIGN not in result
    assert keys(result[AI]) == {"q1", "q2", "q3", "s1", "s2"}
    assert result[AI].merged_ids == [SIGN]
    assert {m.how for m in result[AI].needs if m.need.key.startswith("s")} == {"merged"}


def test_moved_need_stays_where_it_was_put():
    manual = ManualChoices(moves={"q2": MOBILE})
    for needs in (FIRST, FIRST + LATER):
        result = by_id(themes(needs, manual))
        assert "q2" in keys(result[MOBILE])
        assert "q2" not in keys(result[AI])
    moved = next(m for m in by_id(themes(FIRST, manual))[MOBILE].needs if m.need.key == "q2")
    assert moved.how == "moved"
    assert moved.why == ()  # nothing in common with the mobile anchor: the user's call


def test_need_moved_to_a_new_theme_creates_it_with_the_users_name():
    manual = ManualChoices(moves={"p1": "th-user-print"}, names={"th-user-print": "帳票"})
    result = by_id(themes(FIRST + LATER, manual))
    assert keys(result["th-user-print"]) == {"p1"}
    assert result["th-user-print"].display_name("en") == "帳票"
    assert theme_id_for("p1") not in result  # its automatic theme is now empty


def test_move_into_a_merged_theme_lands_in_the_survivor():
    manual = ManualChoices(merges={SIGN: AI}, moves={"m2": SIGN})
    result = by_id(themes(FIRST, manual))
    assert "m2" in keys(result[AI])


def test_merge_chains_are_followed_and_cycles_do_not_lose_needs():
    chain = by_id(themes(FIRST, ManualChoices(merges={SIGN: AI, AI: MOBILE})))
    assert set(chain) == {MOBILE}
    assert keys(chain[MOBILE]) == {n.key for n in FIRST}
    cycle = themes(FIRST, ManualChoices(merges={SIGN: AI, AI: SIGN}))
    assert sorted(k for t in cycle for k in keys(t)) == sorted(n.key for n in FIRST)
    assert len(cycle) == 2


def test_choices_about_themes_that_no_longer_exist_are_ignored():
    manual = ManualChoices(
        names={"th-gone": "x"}, merges={"th-gone": AI, AI: "th-gone2"}, moves={"nope": AI}
    )
    result = themes(FIRST, manual)
    assert sorted(k for t in result for k in keys(t)) == sorted(n.key for n in FIRST)
    assert AI in by_id(result)
