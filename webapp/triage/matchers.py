"""Compiled phrase matchers built from the editable word lists.

Business users write plain phrases; this module turns a list of them into ONE regular
expression (longest phrase first, so "foreign staff" wins over "foreign") so that a
statement is scanned once per list, however long the list grows. Text is normalised
(NFKC, lower case) by the caller, so full-width letters and half-width kana match too.

Phrase syntax (documented for users in rules/en.yaml):
- Japanese (any non-ASCII character): matched as a substring, compounds need no spaces.
- ASCII: whole words, with plural and -ed/-ing endings accepted.
- Ending in "*": any word starting so.
- Starting with "re:": a regular expression, used as is.
"""

from __future__ import annotations

import re
import re._parser as _parser
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from webapp.text import normalize

_SUFFIX = r"(?:s|es|ed|d|ing|ings)?"
_ASCII_WORD = re.compile(r"[a-z0-9]")

# Irregular verb forms, so that every word of a phrase may be inflected as customers
# write it: "send it back" also finds "sent it back" and "sending it back".
_IRREGULAR = {
    "be": ("is", "are", "was", "were", "been", "being"), "break": ("broke", "broken"),
    "bring": ("brought",), "buy": ("bought",), "choose": ("chose", "chosen"),
    "come": ("came",), "do": ("did", "done", "does"), "drive": ("drove", "driven"),
    "feel": ("felt",), "find": ("found",), "forget": ("forgot", "forgotten"),
    "get": ("got", "gotten"), "give": ("gave", "given"), "go": ("went", "gone", "goes"),
    "have": ("has", "had"), "hear": ("heard",), "hold": ("held",), "keep": ("kept",),
    "know": ("knew", "known"), "lead": ("led",), "leave": ("left",), "lose": ("lost",),
    "make": ("made",), "meet": ("met",), "pay": ("paid",), "ring": ("rang", "rung"),
    "run": ("ran",), "say": ("said",), "see": ("saw", "seen"), "sell": ("sold",),
    "send": ("sent",), "show": ("shown",), "sit": ("sat",), "speak": ("spoke", "spoken"),
    "spend": ("spent",), "stand": ("stood",), "take": ("took", "taken"),
    "teach": ("taught",), "tell": ("told",), "think": ("thought",),
    "throw": ("threw", "thrown"), "understand": ("understood",), "win": ("won",),
    "write": ("wrote", "written"),
}
_LEMMA = {form: base for base, forms in _IRREGULAR.items() for form in forms}
# words inside a phrase that are not inflected (particles, pronouns, articles)
_FIXED = frozenset([
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "and",
    "or", "our", "their", "his", "her", "my", "your", "its", "it", "them", "us", "me", "him",
    "we", "they", "you", "i", "out", "up", "down", "off", "over", "back", "into", "onto",
    "not", "no", "one", "all", "any", "each", "every", "per", "via",
])


def _phrase_pattern(phrase: str) -> str:
    """The regex source for one phrase, per the syntax in the module docstring."""
    if phrase.startswith("re:"):
        return phrase[3:]
    text = normalize(phrase)
    prefix = text.endswith("*")
    text = text.rstrip("*").strip()
    if not text:
        return ""
    if not text.isascii():
        return re.escape(text)
    words = text.split()
    left = r"(?<![a-z0-9])" if _ASCII_WORD.match(text[0]) else ""
    if prefix:
        inner = [_word(w) for w in words[:-1]]
        return left + r"\s*".join(inner + [re.escape(words[-1])]) + r"[a-z0-9\-]*"
    right = r"(?![a-z0-9])" if _ASCII_WORD.match(text[-1]) else ""
    return left + r"\s*".join(_word(w) for w in words) + right  # tolerate spacing


def _word(word: str) -> str:
    """One word with the endings it may take: freeze -> freezing, lag -> lagging,
    reply -> replied, send -> sent; anything else -> -s, -es, -ed, -ing."""
    body = re.escape(word)
    if word in _FIXED or not word.isalpha() or len(word) < 3 and word not in _IRREGULAR:
        return body
    if word in _IRREGULAR:
        forms = sorted(_IRREGULAR[word], key=len, reverse=True)
        return "(?:" + _inflection(word, body) + "|" + "|".join(re.escape(f) for f in forms) + ")"
    return _inflection(word, body)


def _inflection(word: str, body: str) -> str:
    if re.search(r"[^aeiou]e$", word):
        return body[:-1] + r"(?:e|es|ed|ing|ings)"
    if re.search(r"[^aeiou]y$", word):
        return body[:-1] + r"(?:y|ys|ies|ied|ying)"
    if re.search(r"(?:^|[^aeiou])[aeiou][bdgklmnprt]$", word):
        return body + rf"(?:{re.escape(word[-1])}?(?:ed|ing|ings)|s|es)?"
    return body + _SUFFIX


def lemma(word: str) -> str:
    """The crude base form both sides of a concept lookup agree on: sending, sent and
    sends -> "send"; replies -> "reply"; stopped -> "stop"; classes -> "class"."""
    if word in _LEMMA:
        return _LEMMA[word]
    for suffix, repl in (("ings", ""), ("ying", "y"), ("ing", ""), ("ied", "y"), ("ies", "y"),
                         ("es", ""), ("ed", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2 \
                and not (suffix == "s" and word.endswith("ss")):
            word = word[: -len(suffix)] + repl
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    if len(word) >= 3 and word[-1] == word[-2] and word[-1] in "bdgklmnprt":
        word = word[:-1]
    return word


def _compile(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One regex for a list; words and Japanese literals are grouped behind a first-
    character check so the engine skips most positions at once (5-10x faster than a
    plain alternation on long lists)."""
    unique = sorted({str(p) for p in phrases if p and str(p).strip()}, key=lambda p: -len(p))
    words: list[str] = []
    word_starts: set[str] = set()
    literals: list[str] = []
    lit_starts: set[str] = set()
    others: list[str] = []
    for phrase in unique:
        pat = _phrase_pattern(phrase)
        if not pat:
            continue
        text = normalize(phrase).rstrip("*").strip()
        if phrase.startswith("re:"):
            others.append(pat)
        elif text.isascii() and _ASCII_WORD.match(text[0]):
            words.append(pat.removeprefix(r"(?<![a-z0-9])"))
            word_starts.add(text[0])
        elif not text.isascii():
            literals.append(pat)
            lit_starts.add(text[0])
        else:
            others.append(pat)
    # regular expressions first: they are the specific, hand-written forms ("お客様が…
    # 自分で") and would otherwise lose to a plain word at the same place ("お客様");
    # those whose first character is known share one first-character check too
    guarded: list[str] = []
    guard: set[str] = set()
    groups = []
    for p in others:
        first = _first_chars(p)
        if first:
            guarded.append(p)
            guard |= first
        else:
            groups.append(f"(?:{p})")
    if guarded:
        starts = "".join(re.escape(c) for c in sorted(guard))
        groups.insert(0, f"(?=[{starts}])(?:{'|'.join(guarded)})")
    if words:
        starts = re.escape("".join(sorted(word_starts)))
        groups.append(rf"(?<![a-z0-9])(?=[{starts}])(?:{'|'.join(words)})")
    if literals:
        starts = re.escape("".join(sorted(lit_starts)))
        groups.append(f"(?=[{starts}])(?:{'|'.join(literals)})")
    return re.compile("|".join(groups)) if groups else None


def _first_chars(pattern: str) -> set[str] | None:
    """The characters a match of `pattern` can start with, or None when unknown (a
    class like \\w, a negated set, an empty match...). Lets the compiled alternation
    skip most positions before trying the hand-written regular expressions."""
    try:
        parsed = _parser.parse(pattern)
    except re.error:
        return None
    return _firsts(list(parsed))


def _firsts(items: list) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        name = str(op)
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # \b, ^, lookarounds: no character consumed
        if name == "LITERAL":
            return out | {chr(av)}
        if name == "IN":
            chars: set[str] = set()
            for iop, iav in av:
                if str(iop) == "LITERAL":
                    chars.add(chr(iav))
                elif str(iop) == "RANGE" and iav[1] - iav[0] < 256:
                    chars |= {chr(c) for c in range(iav[0], iav[1] + 1)}
                else:
                    return None
            return out | chars
        if name == "SUBPATTERN":
            sub = _firsts(list(av[-1]))
            if sub is None:
                return None
            return out | sub  # a group may not be empty in our patterns
        if name == "BRANCH":
            union: set[str] = set()
            for branch in av[1]:
                sub = _firsts(list(branch))
                if sub is None:
                    return None
                union |= sub
            return out | union
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, _high, body = av
            sub = _firsts(list(body))
            if sub is None:
                return None
            out |= sub
            if low >= 1:
                return out
            continue  # optional: the next item may start the match too
        return None
    return None  # the pattern may match the empty string


@dataclass
class PhraseSet:
    """A named list of cue phrases; `find` returns the first cue seen, or None."""

    phrases: tuple[str, ...]
    pattern: re.Pattern[str] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.pattern = _compile(self.phrases)

    def find(self, norm_text: str) -> str | None:
        if self.pattern is None:
            return None
        m = self.pattern.search(norm_text)
        return m.group(0) if m else None

    def startswith(self, norm_text: str) -> bool:
        """True when the text begins with a phrase followed by an end or punctuation."""
        if self.pattern is None:
            return False
        m = self.pattern.match(norm_text)
        if not m:
            return False
        rest = norm_text[m.end():]
        return not rest or not (rest[0].isalnum() or _is_kana_kanji(rest[0]))

    def remove(self, norm_text: str) -> str:
        return self.pattern.sub(" ", norm_text) if self.pattern is not None else norm_text


def _is_kana_kanji(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff"


class ConceptMatcher:
    """Maps everyday words to business concepts (the synonym lexicon).

    One alternation over every term of every concept; the matched text is mapped back to
    its concepts through a dictionary, so matching stays a single regex scan.
    """

    def __init__(self, concepts: Mapping[str, Iterable[str]]) -> None:
        self._exact: dict[str, set[str]] = {}   # as written (spacing aside)
        self._lemmas: dict[str, set[str]] = {}  # every English word in its base form
        prefixes: dict[str, set[str]] = {}
        self._patterns: list[tuple[re.Pattern[str], str]] = []
        phrases: list[str] = []
        for concept, terms in concepts.items():
            for term in terms or ():
                term = str(term)
                phrases.append(term)
                if term.startswith("re:"):
                    self._patterns.append((re.compile(term[3:]), concept))
                    continue
                key = normalize(term)
                if key.endswith("*"):
                    prefixes.setdefault(_head_canon(key.rstrip("*")), set()).add(concept)
                else:
                    self._exact.setdefault(_squash(key), set()).add(concept)
                    if " " in key.strip():  # single words: the suffix rules below
                        self._lemmas.setdefault(_canon(key), set()).add(concept)
        self._prefixes = sorted(prefixes.items(), key=lambda p: -len(p[0]))
        self._regex = _compile(phrases)
        self._seen: dict[str, frozenset[str]] = {}  # matched text -> concepts

    def concepts(self, norm_text: str) -> frozenset[str]:
        """Every concept named in the (normalised) text."""
        return frozenset(self.counts(norm_text))

    def counts(self, norm_text: str) -> dict[str, int]:
        """How many times each concept is named: "dollars ... rate ... convert" is 3."""
        found: dict[str, int] = {}
        if self._regex is None:
            return found
        for m in self._regex.finditer(norm_text):
            for concept in self._lookup(m.group(0)):
                found[concept] = found.get(concept, 0) + 1
        return found

    def spans(self, norm_text: str) -> list[tuple[int, int, frozenset[str]]]:
        """Where each concept phrase is in the text: (start, end, its concepts)."""
        if self._regex is None:
            return []
        return [(m.start(), m.end(), self._lookup(m.group(0))) for m in self._regex.finditer(norm_text)]

    def _lookup(self, matched: str) -> frozenset[str]:
        found = self._seen.get(matched)
        if found is None:
            if len(self._seen) >= 100_000:
                self._seen.clear()
            found = self._seen[matched] = frozenset(self._find(matched))
        return found

    def _find(self, matched: str) -> set[str]:
        key = _squash(matched)
        # the term as written wins: "staff" is people, though "staffing" is also "staff"
        exact = self._exact.get(key)
        if exact is None and " " in matched:
            exact = self._lemmas.get(_canon(matched))  # "sent them back" = "send them back"
        if exact is not None:
            return exact
        for suffix in ("ings", "ing", "ies", "ied", "es", "ed", "s", "d"):
            if not key.endswith(suffix):
                continue
            base = key[: -len(suffix)]
            for cand in (base, base + "e", base + "y", base[:-1]):
                if cand in self._exact:
                    return self._exact[cand]
        out: set[str] = set()
        head = _head_canon(matched)  # "points card" is "point card*"
        for prefix, concepts in self._prefixes:
            if key.startswith(prefix) or head.startswith(prefix):
                out |= concepts
                break
        for pattern, concept in self._patterns:
            if pattern.fullmatch(matched):
                out.add(concept)
        return out


def _head_canon(text: str) -> str:
    """Like `_canon`, but the last word as written (it is the open end of a prefix)."""
    words = [w for w in re.split(r"[\s\-]+", text) if w]
    return _canon(" ".join(words[:-1])) + (words[-1] if words else "")


def _canon(text: str) -> str:
    """A term or a matched text reduced to the form both agree on: spacing and hyphens
    dropped, every English word to its `lemma` ("sending it back" = "send it back")."""
    return "".join(lemma(w) if w.isascii() else w for w in re.split(r"[\s\-]+", text) if w)


def _squash(text: str) -> str:
    return re.sub(r"[\s\-]+", "", text)
