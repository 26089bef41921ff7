"""How much of what a customer asks for does a catalog item explain?

A need that shares one word with an item ("家賃" in "pay the rent by card at a convenience
store" and rent billing by bank transfer) is often about something else. Held-out sets
written with such look-alikes showed the engine calling them met or sellable. This module
counts the statement's content words (Japanese nouns; English words that are not function
words) that the matched item does not explain: not among the item's words, not inside a
phrase of a concept the item carries, not setting words (store, staff, evenings). Rare
words weigh more than common ones (word frequencies from `wordfreq`), since "vaccination"
or "gait" says more about the ask than "keep" or "see".
"""

from __future__ import annotations

import math
from functools import lru_cache

from webapp.text import content_word_spans, is_japanese


@lru_cache(maxsize=2)
def _frequencies(lang: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict  # loaded once, on first use

    return get_frequency_dict(lang, wordlist="best")


def warm_frequencies() -> None:
    """Load both frequency tables now (about 0.3 s each), e.g. when an index is built."""
    _frequencies("en")
    _frequencies("ja")


def rarity(word: str, ja: bool) -> float:
    """1 for a rare or unknown word, less for common ones (by Zipf frequency)."""
    freq = _frequencies("ja" if ja else "en").get(word, 0.0)
    if not freq:
        return 1.0
    zipf = math.log10(freq * 1e9)
    if zipf < 4.5:
        return 1.0
    if zipf < 5.5:
        return 0.5
    return 0.2


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
