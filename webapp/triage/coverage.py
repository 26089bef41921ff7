"""How much of what a customer asks for does a catalog item explain?

A need that shares one word with an item ("家賃" in "pay the rent by card at a convenience
store" and rent billing by bank transfer) is often about something else. Held-out sets
written with such look-alikes showed the engine calling them met or sellable. This module
counts the statement's content words (Japanese nouns; English words that are not function
words) that the matched item does not explain: not among the item's words, not inside a
phrase of a concept the item carries, not setting words (store, staff, evenings). Rare
words weigh more than common ones, since "vaccination" or "gait" says more about the ask
than "keep" or "see": the everyday words of each language are listed in
rules/common_words.json (from `wordfreq`, by scripts/common_words.py).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from webapp.text import content_word_spans, is_japanese

COMMON_WORDS = Path(__file__).resolve().parent / "rules" / "common_words.json"
WEIGHTS = {"very_common": 0.2, "common": 0.5}  # any other word weighs 1


@lru_cache(maxsize=1)
def _weights() -> dict[str, dict[str, float]]:
    data = json.loads(COMMON_WORDS.read_text(encoding="utf-8"))
    return {lang: {w: WEIGHTS[tier] for tier, words in tiers.items() for w in words}
            for lang, tiers in data.items()}


def warm_frequencies() -> None:
    """Load the word lists now (a few ms), e.g. when an index is built."""
    _weights()


def rarity(word: str, ja: bool) -> float:
    """1 for a rare or unknown word, less for everyday ones."""
    return _weights()["ja" if ja else "en"].get(word, 1.0)


@lru_cache(maxsize=32768)
def content_words(norm: str) -> tuple[tuple[int, int, str, float], ...]:
    """(start, end, base form, weight) of each content word of a normalised text."""
    ja = is_japanese(norm)
    return tuple((a, b, base, rarity(surface, ja and not surface.isascii()))
                 for a, b, base, surface in content_word_spans(norm))


def unexplained(norm: str, words: frozenset[str],
                spans: tuple[tuple[int, int, frozenset[str]], ...],
                explained_concepts: frozenset[str], generic: frozenset[str],
                weak: frozenset[str]) -> tuple[float, float]:
    """(explained weight, unexplained weight) of the content words of `norm` for an item
    with `words` and `explained_concepts` (its concepts and the setting concepts)."""
    inside = [(a, b) for a, b, concepts in spans if concepts & explained_concepts]
    done = 0.0
    left = 0.0
    for start, _end, base, weight in content_words(norm):
        if base in generic:
            continue
        if base in weak:
            weight *= 0.5
        if base in words or any(a <= start < b for a, b in inside):
            done += weight
        else:
            left += weight
    return done, left
