"""What a future-need text is about: bilingual concepts plus the plain words left over.

Japanese and English requests share no words, so similarity on words alone would never
put "mobile app with offline mode" beside "スマホでオフラインでも使いたい". A small
lexicon of general software concepts (`theme_concepts.yaml`, editable by the business)
maps both to the same concept ids; the words no concept covers still count, at a lower
weight, so two requests about the same unlisted thing ("shop floor") meet too.

A need's *features* are keys of two kinds, which are also what a theme shows as its
"ties" and a need as its "why":

- ``concept:<id>`` -- a lexicon concept, shown by its name in the reader's language;
- ``word:<lemma>`` -- a content word (fugashi lemma / light English stem) that is not part
  of a concept term and not in the lexicon's list of generic need words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from webapp.text import is_japanese, normalize, tokens

LEXICON_PATH = Path(__file__).with_name("theme_concepts.yaml")
CONCEPT = "concept:"
WORD = "word:"
_CACHE_LIMIT = 200_000
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Lexicon:
    """The loaded concept lexicon, compiled for one-pass matching."""

    names: Mapping[str, Mapping[str, str]]
    order: tuple[str, ...]
    ja_pattern: re.Pattern[str] | None
    ja_terms: Mapping[str, str]
    latin_terms: Mapping[tuple[str, ...], str]
    latin_first: Mapping[str, tuple[tuple[str, ...], ...]]
    generic: frozenset[str]
    concept_weight: float = 1.0
    word_weight: float = 0.5
    _cache: dict[str, dict[str, float]] = field(default_factory=dict, compare=False, repr=False)

    def weight(self, feature: str) -> float:
        return self.concept_weight if feature.startswith(CONCEPT) else self.word_weight

    def label(self, feature: str, lang: str) -> str:
        """A feature as a reader sees it: a concept by its name, a word as written."""
        if feature.startswith(CONCEPT):
            cid = feature[len(CONCEPT) :]
            names = self.names.get(cid, {})
            return names.get(lang) or names.get("en") or cid
        return feature.split(":", 1)[-1]


def parse_lexicon(data: Mapping) -> Lexicon:
    """Compile the YAML structure; Japanese terms into one regex, Latin ones by first token."""
    names: dict[str, dict[str, str]] = {}
    ja_terms: dict[str, str] = {}
    latin_terms: dict[tuple[str, ...], str] = {}
    for cid, spec in (data.get("concepts") or {}).items():
        cid = str(cid)
        names[cid] = {str(k): str(v) for k, v in (spec.get("name") or {}).items()}
        for term in _all_terms(spec.get("terms") or {}):
            norm = normalize(term)
            if is_japanese(norm):
                ja_terms.setdefault(norm, cid)
            elif seq := tuple(_canon(t) for t in tokens(norm)):
                latin_terms.setdefault(seq, cid)
    first: dict[str, list[tuple[str, ...]]] = {}
    for seq in latin_terms:
        first.setdefault(seq[0], []).append(seq)
    pattern = None
    if ja_terms:
        alternation = "|".join(re.escape(t) for t in sorted(ja_terms, key=lambda t: (-len(t), t)))
        pattern = re.compile(alternation)
    generic_words = data.get("generic") or {}
    generic = frozenset(normalize(str(w)) for ws in generic_words.values() for w in ws or ())
    weights = data.get("weights") or {}
    return Lexicon(
        names=names,
        order=tuple(names),
        ja_pattern=pattern,
        ja_terms=ja_terms,
        latin_terms=latin_terms,
        latin_first={k: tuple(sorted(v, key=lambda s: (-len(s), s))) for k, v in first.items()},
        generic=generic,
        concept_weight=float(weights.get("concept", 1.0)),
        word_weight=float(weights.get("word", 0.5)),
    )


def _all_terms(terms: Mapping | list) -> list[str]:
    if isinstance(terms, Mapping):
        return [str(t) for values in terms.values() for t in values or ()]
    return [str(t) for t in terms]


@lru_cache(maxsize=8)
def load_lexicon(path: str | Path = LEXICON_PATH) -> Lexicon:
    """Read and compile a lexicon file; cached, since grouping runs on every report view."""
    with Path(path).open(encoding="utf-8") as fh:
        return parse_lexicon(yaml.safe_load(fh) or {})


def features(text: str, lexicon: Lexicon) -> dict[str, float]:
    """Concept and word features of one need text, with their weights, in sorted key order.

    Cached per lexicon: the report recomputes themes on every view and most texts recur.
    """
    cached = lexicon._cache.get(text)
    if cached is not None:
        return cached
    result = _compute_features(text, lexicon)
    if len(lexicon._cache) >= _CACHE_LIMIT:
        lexicon._cache.clear()
    lexicon._cache[text] = result
    return result


def _compute_features(text: str, lexicon: Lexicon) -> dict[str, float]:
    norm = normalize(text)
    concepts: set[str] = set()
    ja_hits: list[str] = []
    if lexicon.ja_pattern is not None and is_japanese(norm):
        for match in lexicon.ja_pattern.finditer(norm):
            ja_hits.append(match.group())
            concepts.add(lexicon.ja_terms[match.group()])
    words: set[str] = set()
    raw = tokens(text)
    toks = tuple(_canon(t) for t in raw)
    i = 0
    while i < len(toks):
        seq = _latin_match(toks, i, lexicon)
        if seq:
            concepts.add(lexicon.latin_terms[seq])
            i += len(seq)
            continue
        tok = raw[i]
        if _is_content_word(tok, lexicon) and not any(tok in hit for hit in ja_hits):
            words.add(tok)
        i += 1
    out = {CONCEPT + c: lexicon.concept_weight for c in sorted(concepts)}
    out.update((WORD + w, lexicon.word_weight) for w in sorted(words))
    return out


def _latin_match(toks: tuple[str, ...], i: int, lexicon: Lexicon) -> tuple[str, ...] | None:
    for seq in lexicon.latin_first.get(toks[i], ()):
        if toks[i : i + len(seq)] == seq:
            return seq
    return None


def _canon(tok: str) -> str:
    """Fold what `tokens`' light stemmer leaves apart: approve/approved, notify/notified."""
    if len(tok) > 3 and tok.isascii():
        if tok.endswith("e"):
            return tok[:-1]
        if tok.endswith("i"):
            return tok[:-1] + "y"
    return tok


def _is_content_word(tok: str, lexicon: Lexicon) -> bool:
    return len(tok) > 1 and tok not in lexicon.generic and not _DIGITS.fullmatch(tok)
