"""The concept lexicon is well formed and maps both languages to the same concepts."""

from __future__ import annotations

from collections import defaultdict

import pytest
import yaml

from webapp.reports.concepts import LEXICON_PATH, features, load_lexicon, parse_lexicon
from webapp.text import is_japanese, normalize, tokens


def test_every_concept_has_both_names_and_no_term_is_claimed_twice():
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    assert len(data["concepts"]) >= 40
    owners: dict[object, set[str]] = defaultdict(set)
    for cid, spec in data["concepts"].items():
        assert spec["name"]["ja"] and spec["name"]["en"], cid
        assert spec["terms"]["ja"] and spec["terms"]["en"], cid
        for term in spec["terms"]["ja"] + spec["terms"]["en"]:
            norm = normalize(str(term))
            key = norm if is_japanese(norm) else tokens(norm)
            assert key, (cid, term)
            owners[key].add(cid)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


@pytest.mark.parametrize(
    ("ja", "en", "concept"),
    [
        ("スマホで使いたい", "a smartphone app", "mobile"),
        ("電波がない現場", "works offline", "offline"),
        ("AIで自動回答", "an AI chatbot", "ai"),
        ("CSVでエクスポート", "export to Excel", "export"),
        ("承認ワークフロー", "approval of invoices", "approval"),
        ("通知が欲しい", "notifications when approved", "notification"),
        ("電子署名したい", "e-signature", "e_signature"),
        ("地図で現在地", "GPS location", "map"),
        ("英語対応", "multilingual", "language"),
    ],
)
def test_japanese_and_english_terms_meet_in_one_concept(ja, en, concept):
    lex = load_lexicon()
    assert f"concept:{concept}" in features(ja, lex)
    assert f"concept:{concept}" in features(en, lex)


def test_longest_term_wins_and_covered_words_are_not_counted_again():
    lex = load_lexicon()
    assert set(features("チャットボットが欲しい", lex)) == {"concept:ai"}
    assert "word:ライン" not in features("オフラインで使いたい", lex)
    assert features("an answer automatically", lex) == {"concept:ai": lex.concept_weight}


def test_a_custom_lexicon_is_used_as_given():
    lex = parse_lexicon(
        {
            "concepts": {
                "carbon": {
                    "name": {"ja": "脱炭素", "en": "Carbon"},
                    "terms": {"ja": ["脱炭素"], "en": ["carbon footprint"]},
                }
            },
            "weights": {"concept": 2, "word": 1},
        }
    )
    assert features("Our carbon footprint per order", lex) == {
        "concept:carbon": 2.0,
        "word:order": 1.0,
        "word:per": 1.0,
    }
    assert lex.label("concept:carbon", "ja") == "脱炭素"
