"""General rules that keep matching honest on catalogs we have not seen."""

from helpers import run

from webapp.text import normalize
from webapp.triage import load_rules
from webapp.triage.clauses import spans
from webapp.triage.matchers import PhraseSet


def test_inflections_of_cue_words():
    # the last word, and (round six) every word of a phrase, irregular verbs included
    cues = PhraseSet(("freeze", "lag", "reply", "send it back", "run out", "take them through"))
    for text, found in (("the till keeps freezing", "freezing"), ("it lagged at peak", "lagged"),
                        ("no replies yet", "replies"),
                        ("we keep sending it back", "sending it back"),
                        ("they sent it back twice", "sent it back"),
                        ("we ran out of labels", "ran out"),
                        ("someone took them through it", "took them through")):
        assert cues.find(text) == found
    assert cues.find("a freezer") is None
    assert cues.find("a rerun of the report") is None


def test_head_and_modifier_of_a_japanese_need():
    rules = load_rules()
    head, mods = spans(normalize("先生たちが研修に行くときの電車代を、入力しています。"),
                       rules.clauses)
    assert any("電車代" in h for h in head)
    assert any("研修" in m for m in mods) and not any("研修" in h for h in head)


def test_the_ask_clause_is_the_head():
    rules = load_rules()
    head, mods = spans(normalize("お知らせを送りたいのですが、今は手書きのはがきで出しています。"),
                       rules.clauses)
    assert any("お知らせ" in h for h in head)
    assert any("手書き" in m for m in mods)


def test_side_words_do_not_pick_the_item():
    # the train fares (transit cards, not in the demo catalog) are the need, not training
    d = run(nps=8, blocked_need="研修に行くときの電車代を、一件ずつ手で入力してもらっています。")
    assert ("cross_sell", "onboarding-training") not in {(o.kind, o.item)
                                                          for o in d.opportunities}


def test_technology_missing_from_the_catalog_is_a_future_need():
    for text in ("A drone to count stock in the warehouse.",
                 "在庫の数をロボットと連動して自動で数えられるようになるといいですね。"):
        d = run(nps=8, future_need=text)
        assert d.category == "cannot_address_now", (text, d.findings)


def test_follow_up_sentence_is_not_a_second_need():
    d = run(nps=8, blocked_need="We can't handle invoices in foreign currency. "
                                "That's a lot of hassle every week.")
    assert d.category == "ready"
    assert not [f for f in d.findings if f.kind == "need_future"]


def test_common_dissatisfaction_any_industry():
    for text in ("Support took a week to reply to our ticket.",
                 "The app keeps freezing when we print.",
                 "返信まで3日もかかりました。"):
        assert run(nps=8, comment=text).category == "complaint", text


def test_japanese_price_burden_is_a_price_concern_not_a_complaint():
    d = run(nps=8, comment="うちの規模だと今の料金はちょっと負担です。")
    assert d.category != "complaint"
