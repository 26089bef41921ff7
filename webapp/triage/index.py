"""The catalog, indexed once for matching customer statements by meaning.

Every feature (of any plan), option and product becomes an `Item` with three views of
its names, descriptions and keywords in both languages: business concepts (through the
synonym lexicon, which bridges Japanese and English and everyday words), content words
(dictionary forms from webapp.text.tokens) and keyword character bigrams (for Japanese
compounds the tokenizer cuts differently). Concepts and words are weighted by how rare
they are across the catalog's products and options (idf), so "report" in a catalog
where everything reports counts for little.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from webapp.text import char_ngrams, normalize, tokens
from webapp.triage.clauses import spans
from webapp.triage.coverage import unexplained, warm_frequencies
from webapp.triage.rules import Rules


@dataclass(frozen=True)
class Item:
    """Something a need can be met by: a product feature, an option or a product."""

    kind: str            # "feature" | "option" | "product"
    id: str
    product: str | None  # owning product for features and products; None for options
    group: str           # the product or option id: the unit of idf counting
    concepts: frozenset[str]
    words: frozenset[str]
    keywords: tuple[frozenset[str], ...]  # character bigrams of each keyword
    tech_words: frozenset[str] = frozenset()  # words naming only a technology it runs on


@dataclass(frozen=True)
class Match:
    item: Item
    score: float
    concepts: frozenset[str]  # concepts shared with the statement


@dataclass(frozen=True)
class Analysis:
    """What matching needs to know about one statement."""

    norm: str
    concepts: frozenset[str]
    strength: dict[str, float]  # sqrt of how often each concept is named (tf) x weight
    words: frozenset[str]
    bigrams: frozenset[str]
    weight: dict[str, float]    # 1 for concepts of the main ask, less in modifiers
    weak_words: frozenset[str] = frozenset()  # words named only in modifiers
    spans: tuple[tuple[int, int, frozenset[str]], ...] = ()  # concept phrases in `norm`


_BRACKETS = re.compile(r"[(（]([^()（）]{1,80})[)）]")


def _texts(node: Any) -> list[str]:
    """All strings in a {ja: ..., en: ...} mapping, a list, or a plain string."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [t for v in node.values() for t in _texts(v)]
    if isinstance(node, list | tuple):
        return [t for v in node for t in _texts(v)]
    return []


def _id(node: Any) -> str | None:
    return str(node["id"]) if isinstance(node, dict) and node.get("id") else None


class CatalogIndex:
    """Items of one catalog plus the analysis of statements against them."""

    def __init__(self, catalog: dict[str, Any], rules: Rules) -> None:
        self.rules = rules
        self.items: list[Item] = []
        catalog = catalog if isinstance(catalog, dict) else {}
        related_reasons: dict[str, list[str]] = {}
        for rel in catalog.get("related") or []:
            if isinstance(rel, dict) and rel.get("to"):
                related_reasons.setdefault(str(rel["to"]), []).extend(_texts(rel.get("reason")))
        for product in catalog.get("products") or []:
            pid = _id(product)
            if not pid:
                continue
            names = _texts(product.get("name"))
            texts = names + _texts(product.get("description"))
            self._add("product", pid, pid, pid, texts + related_reasons.get(pid, []), [], names)
            for feature in product.get("features") or []:
                fid = _id(feature)
                if fid:
                    kws = _texts(feature.get("keywords"))
                    names = _texts(feature.get("name"))
                    texts = names + _texts(feature.get("description"))
                    self._add("feature", fid, pid, pid, texts + kws, kws, names)
        for option in catalog.get("options") or []:
            oid = _id(option)
            if oid:
                kws = _texts(option.get("keywords"))
                names = _texts(option.get("name"))
                texts = names + _texts(option.get("description"))
                self._add("option", oid, None, "option:" + oid, texts + kws, kws, names)
        self._idf = self._weights()
        # inverted index: which items could score at all for a concept, word or keyword
        # bigram of a statement (an item sharing none of them scores 0 and is skipped)
        self._postings: dict[str, list[int]] = {}
        for n, item in enumerate(self.items):
            keys = {"c:" + c for c in item.concepts - rules.context_concepts}
            keys |= {"w:" + w for w in item.words}
            keys |= {"g:" + g for grams in item.keywords for g in grams}
            for key in keys:
                self._postings.setdefault(key, []).append(n)
        self.vocabulary = frozenset(c for item in self.items for c in item.concepts)
        warm_frequencies()  # once per index, not inside the first triage
        self.analyse = lru_cache(maxsize=32768)(self._analyse)
        self.match = lru_cache(maxsize=32768)(self._match)
        self.coverage = lru_cache(maxsize=65536)(self._coverage)

    def _add(self, kind: str, iid: str, product: str | None, group: str,
             texts: list[str], keywords: list[str], names: list[str]) -> None:
        norm = " ".join(normalize(t) for t in texts)
        words = {w for t in texts for w in tokens(t)} - self.rules.generic_words
        # the id itself is a good keyword too: "multi-currency", "barcode"
        words |= set(tokens(iid.replace("-", " ").replace("_", " "))) - self.rules.generic_words
        assert self.rules.concepts is not None
        concepts = self.rules.concepts.concepts(norm)
        grams = tuple(char_ngrams(k) for k in keywords if len(normalize(k)) >= 2)
        self.items.append(Item(kind, iid, product, group, concepts, frozenset(words), grams,
                               self._tech_words(concepts, words, names + [iid])))

    def _tech_words(self, concepts: frozenset[str], words: set[str],
                    names: list[str]) -> frozenset[str]:
        """Words that only name a technology the item merely runs on (a tablet till, an
        app on the phone); a technology in its name is what it is about (multilingual
        forms), so those words stay. Only `score` reads them, and only for an item that
        has a technology concept."""
        assert self.rules.concepts is not None
        capability = self.rules.capability_concepts
        if not concepts & capability:
            return frozenset()
        used_on = capability - self.rules.concepts.concepts(
            " ".join(normalize(n) for n in names))
        return frozenset(w for w in words
                         if (found := self.rules.concepts.concepts(w)) and found <= used_on)

    def _weights(self) -> dict[str, float]:
        """idf per concept ("c:") and word ("w:"), counted over products and options."""
        per_group: dict[str, set[str]] = {}
        for item in self.items:
            feats = per_group.setdefault(item.group, set())
            feats |= {"c:" + c for c in item.concepts} | {"w:" + w for w in item.words}
        df = Counter(f for feats in per_group.values() for f in feats)
        return {f: 1.0 / math.sqrt(n) for f, n in df.items()}

    def _analyse(self, text: str) -> Analysis:
        r = self.rules
        norm = normalize(text)
        assert r.concepts is not None
        words = frozenset(tokens(text)) - r.generic_words
        head, mods = spans(norm, r.clauses) if r.clauses is not None else ([norm], [])
        head, mods = self._medium(head, mods)
        where = r.concepts.spans(norm)
        if not mods:
            counts = Counter(c for _a, _b, found in where for c in found)
            weight = dict.fromkeys(counts, 1.0)
            weak: frozenset[str] = frozenset()
        else:
            counts = Counter()
            for part in head + mods:
                counts.update(r.concepts.counts(part))
            in_head = {c for part in head for c in r.concepts.counts(part)}
            if not in_head - r.context_concepts:
                in_head = set(counts)  # the "modifier" holds all the content: no split
            weight = {c: 1.0 if c in in_head else r.modifier_weight for c in counts}
            weak = words - frozenset(tokens(" ".join(head)))
        examples = _BRACKETS.findall(norm)
        if examples:
            # 「好み（枕の高さ、苦手な食材など）」, "(cleaning, carpet, ...)": examples of
            # the ask, not more asks; their words weigh like a modifier's
            weak = weak | (frozenset(tokens(" ".join(examples))) - frozenset(
                tokens(_BRACKETS.sub(" ", norm))))
        strength = {c: min(n, 4) ** 0.5 * weight[c] for c, n in counts.items()}
        return Analysis(norm, frozenset(counts), strength, words, char_ngrams(text),
                        weight, weak, tuple(where))

    def _medium(self, head: list[str], mods: list[str]) -> tuple[list[str], list[str]]:
        """Take the medium out of the main ask: "customers phone us to ask when it
        arrives", "stops on a printed sheet", 「メールとExcelでやり取り」 are about arrival
        times, stops and order data; the phone, the sheet and the mail are only how it is
        done today. The medium's words count as a modifier, unless nothing else is left
        ("we still do it all on paper")."""
        medium = self.rules.clauses.medium if self.rules.clauses is not None else None
        if medium is None or medium.pattern is None:
            return head, mods
        found = [m.group(0) for part in head for m in medium.pattern.finditer(part)]
        if not found:
            return head, mods
        rest = [medium.remove(part) for part in head]
        assert self.rules.concepts is not None
        left = {c for part in rest for c in self.rules.concepts.counts(part)}
        if not left - self.rules.context_concepts:
            return head, mods
        return rest, mods + found

    def score(self, analysis: Analysis, item: Item) -> Match:
        r = self.rules
        # setting words (store, staff, evenings) say where, not what: they do not score
        shared = analysis.concepts & item.concepts - r.context_concepts
        score = sum(self._idf.get("c:" + c, 0.0) * analysis.strength[c] for c in shared)
        score *= r.concept_weight
        score += sum(self._idf.get("w:" + w, 0.0) * (r.modifier_weight if w in
                     analysis.weak_words else 1.0) for w in analysis.words & item.words) * (
            r.token_weight
        )
        best_kw = 0.0
        for grams in item.keywords:
            if grams and analysis.bigrams:
                best_kw = max(best_kw, len(grams & analysis.bigrams) / len(grams))
        if best_kw >= r.keyword_containment:
            score += best_kw * r.keyword_weight
        elif shared and shared <= r.capability_concepts \
                and not analysis.words & item.words - item.tech_words:
            # only a technology in common ("by voice", "on a phone") and no word of what
            # is asked: "practise spelling with a voice assistant" is no captioning need,
            # 「待ち人数をスマホで見たい」 no phone-friendly daily close
            return Match(item, 0.0, shared)
        return Match(item, score, shared)

    def _match(self, text: str) -> tuple[Match, ...]:
        """Items scoring at least the threshold, best first (ties: features first)."""
        analysis = self.analyse(text)
        if not analysis.concepts and not analysis.words:
            return ()
        post = self._postings
        found: set[int] = set()
        for c in analysis.concepts:
            found.update(post.get("c:" + c, ()))
        for w in analysis.words:
            found.update(post.get("w:" + w, ()))
        for g in analysis.bigrams:
            found.update(post.get("g:" + g, ()))
        items = self.items
        out = [m for n in sorted(found) if (m := self.score(analysis, items[n])).score
               >= self.rules.threshold]
        order = {"feature": 0, "option": 1, "product": 2}
        out.sort(key=lambda m: (-round(m.score, 6), order[m.item.kind]))
        return tuple(out)

    def missing_concepts(self, text: str) -> frozenset[str]:
        """Concepts of a statement that no catalog item carries (setting words excluded)."""
        return self.analyse(text).concepts - self.vocabulary - self.rules.context_concepts

    def missing_weight(self, text: str, asking: bool = True) -> float:
        """How much of a statement lies outside the catalog. A technology the customer
        asks for (`asking`) counts more; words of a modifier ("when we're busy") less."""
        strength = self.analyse(text).strength
        return sum(self._missing_factor(c, asking) * strength[c]
                   for c in self.missing_concepts(text))

    def _missing_factor(self, concept: str, asking: bool) -> float:
        """A technology asked for counts `capability_weight` times; a "how" word
        (automatically, with an alert) counts as little missing as it counts covered."""
        r = self.rules
        if concept in r.capability_concepts:
            return r.capability_weight if asking else 1.0
        factor = r.connector_weight if concept in r.connector_concepts else 1.0
        # a workaround told as today's routine ("types the marks into a spreadsheet and
        # draws a graph before each interview") names many side things; they weigh less
        # than what an explicit ask lacks
        return factor if asking else factor * r.workaround_missing_weight

    def covered_weight(self, text: str, concepts: frozenset[str]) -> float:
        """How much of a statement a matched item covers (setting words excluded;
        "how" words such as automatically or alert count less)."""
        r = self.rules
        strength = self.analyse(text).strength
        return sum(strength.get(c, 0.0) * (r.connector_weight if c in r.connector_concepts
                                           else 1.0)
                   for c in concepts - r.context_concepts)

    def _coverage(self, text: str, item: Item) -> tuple[float, float]:
        """(explained, unexplained) weight of the statement's content words for `item`
        (see webapp.triage.coverage); `coverage` is this, cached, since answers recur."""
        a = self.analyse(text)
        return unexplained(a.norm, item.words, a.spans, item.concepts | self.rules.context_concepts,
                           self.rules.generic_words, a.weak_words)

    def own_weight(self, text: str) -> float:
        """The weight of a statement's content words outside its "how" phrases
        (automatically, with an alert): what it is about, in words of its own."""
        a = self.analyse(text)
        how = frozenset(self.rules.connector_concepts | self.rules.context_concepts)
        return unexplained(a.norm, frozenset(), a.spans, how, self.rules.generic_words,
                           frozenset())[1]

    def asks(self, text: str) -> bool:
        """Does the statement say "I want" / "we can't" (not only describe today)?"""
        clauses = self.rules.clauses
        return clauses is not None and clauses.ask.find(self.analyse(text).norm) is not None

    def named_by_words(self, text: str, match: Match) -> bool:
        """Did an item that shares no concept match through several of its own words
        ("every spray application ... with the rate" and a spray-records feature whose
        text says spray, application and rate)? Then it is the ask, whatever concept
        the lexicon also found ("food safety"), provided those words explain most of
        what is said ("send clients a newsletter every quarter" shares send, client and
        quarter with a document-request feature, and leaves newsletter and tax tips)."""
        r = self.rules
        if match.concepts or len(self.analyse(text).words & match.item.words) < r.named_words:
            return False
        done, left = self.coverage(text, match.item)
        return done >= r.named_explained_ratio * left

    def covers_head(self, text: str, concepts: frozenset[str]) -> bool:
        """Does a matched item share something with the main ask, not only with a side
        clause? "I want X, because today we do Y on paper" met only through Y is not met.
        """
        weight = self.analyse(text).weight
        head = {c for c, w in weight.items() if w >= 1.0} - self.rules.context_concepts
        return not head or bool(concepts & head)
