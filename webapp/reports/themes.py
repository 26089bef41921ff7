"""Group future needs into themes the product team can read, trust and correct.

Algorithm (deterministic, explainable, incremental):

1. Each need becomes a weighted feature set (`concepts.features`): bilingual lexicon
   concepts (weight 1.0) and leftover content words (weight 0.5).
2. Needs are visited in a fixed order, by ``seen_at`` then ``key``. A need joins the theme
   whose *anchor* (the need that founded it) it resembles most, by weighted cosine
   similarity of their feature sets, if that similarity is at least ``threshold``;
   otherwise it founds a new theme and becomes its anchor. Equal scores go to the older
   theme. Candidates come from an inverted index feature -> anchors, so a need is only
   scored against anchors it shares a feature with, never against every theme.
3. A theme's id is derived from its anchor's key, not from list order. Because needs
   are visited oldest first, needs that arrive later never change where earlier needs
   went nor which needs are anchors, so theme ids -- and the names, merges and moves
   users attached to them -- survive new imports. (A need back-dated before existing
   ones may reshuffle what comes after it; that is the price of a stable order.)
4. The users' choices (`ManualChoices`) are applied on top: merges (theme -> theme,
   chains followed), then moves (need -> theme), then names.
5. Needs with no feature at all go to one "unsorted" theme rather than to singletons.

Every need carries ``why``: the features it shares with its theme's anchor; every theme
carries ``ties``: the features most of its needs share. Both are feature keys; use
`Theme.ties_display(lang)` / `label(term, lang)` to show them.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import attrgetter

from webapp.reports.concepts import CONCEPT, Lexicon, features, load_lexicon

DEFAULT_THRESHOLD = 0.6
UNSORTED_ID = "th-unsorted"
MAX_TIES = 8
MAX_EXAMPLES = 3
_EPS = 1e-9
_TOP = "\U0010ffff"  # sorts after every other character
_UNSORTED_NAME = {"ja": "未分類", "en": "Unsorted"}
_JOIN = {"ja": " / ", "en": " / "}


@dataclass(frozen=True)
class Need:
    """One future-need finding, as the report query returns it."""

    key: str
    text: str
    lang: str
    account: str
    mrr: int
    seen_at: str  # ISO date or datetime; its first 7 characters are the month


@dataclass(frozen=True)
class ManualChoices:
    """What people decided, keyed by stable ids so it outlives regrouping.

    names:  theme id -> name a user gave it
    merges: theme id -> theme id it was merged into
    moves:  need key -> theme id a user put it in (an unknown id makes a new theme)
    """

    names: Mapping[str, str] = field(default_factory=dict)
    merges: Mapping[str, str] = field(default_factory=dict)
    moves: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Member:
    """A need inside a theme and why it is there.

    how: "anchor" (founded the theme), "similar" (joined by similarity), "merged" (its theme
    was merged into this one), "moved" (a user put it here), "unsorted" (no features).
    """

    need: Need
    why: tuple[str, ...]
    score: float
    how: str


@dataclass
class Theme:
    id: str
    name: str
    needs: list[Member]
    accounts: set[str]
    total_mrr: int
    first_seen: str
    last_seen: str
    monthly_trend: dict[str, int]
    ties: list[str]
    examples: list[Member]
    custom_name: str | None = None
    merged_ids: list[str] = field(default_factory=list)
    default_names: dict[str, str] = field(default_factory=dict)
    lexicon: Lexicon | None = field(default=None, repr=False, compare=False)

    def display_name(self, lang: str) -> str:
        """The user's name if there is one, else the generated name in `lang`."""
        if self.custom_name:
            return self.custom_name
        return self.default_names.get(lang) or self.default_names.get("en") or self.name

    def ties_display(self, lang: str) -> list[str]:
        return [label(t, lang, self.lexicon) for t in self.ties]


def label(term: str, lang: str, lexicon: Lexicon | None = None) -> str:
    """A `why`/`ties` key as a reader sees it ("concept:mobile" -> "モバイル")."""
    return (lexicon or load_lexicon()).label(term, lang)


def theme_id_for(anchor_key: str) -> str:
    """Stable id of the theme an anchor need founds."""
    return "th-" + hashlib.sha1(anchor_key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def themes(
    needs: Iterable[Need],
    manual: ManualChoices | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    lexicon: Lexicon | None = None,
) -> list[Theme]:
    """Group `needs` into themes, apply the users' choices, sorted by revenue then reach."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    lexicon = lexicon or load_lexicon()
    manual = manual or ManualChoices()
    ordered = sorted(needs, key=attrgetter("seen_at", "key"))
    _check_unique(ordered)
    groups, anchors = _group(ordered, threshold, lexicon)
    groups, merged_from = _apply_manual(groups, anchors, manual, lexicon)
    built = [
        _build(tid, members, manual.names.get(tid), sorted(merged_from.get(tid, ())), lexicon)
        for tid, members in groups.items()
        if members
    ]
    built.sort(
        key=lambda t: (t.id == UNSORTED_ID, -t.total_mrr, -len(t.accounts), -len(t.needs), t.id)
    )
    return built


def _check_unique(ordered: list[Need]) -> None:
    seen: set[str] = set()
    for need in ordered:
        if need.key in seen:
            raise ValueError(f"duplicate need key: {need.key!r}")
        seen.add(need.key)


def _norm(feats: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in feats.values()))


def _group(
    ordered: list[Need], threshold: float, lexicon: Lexicon
) -> tuple[dict[str, list[Member]], dict[str, dict[str, float]]]:
    """Single pass, oldest first: join the most similar anchor or found a new theme."""
    groups: dict[str, list[Member]] = {}
    index = _AnchorIndex(threshold)
    # Survey answers repeat: a text scored against the same anchors gets the same answer,
    # so it is only scored again once an anchor has been added since (which is rare).
    known: dict[str, tuple[int, int | None, float, tuple[str, ...]]] = {}
    for need in ordered:
        feats = features(need.text, lexicon)
        if not feats:
            groups.setdefault(UNSORTED_ID, []).append(Member(need, (), 0.0, "unsorted"))
            continue
        hit = known.get(need.text)
        if hit is not None and hit[0] == len(index.ids):
            _n, best, score, why = hit
        else:
            best, score = index.best(feats)
            why = ()
            if best is not None:
                anchor = index.feats[best]
                why = tuple(f for f in feats if f in anchor)
            known[need.text] = (len(index.ids), best, score, why)
        if best is not None:
            groups[index.ids[best]].append(Member(need, why, round(score, 4), "similar"))
            continue
        tid = _unique_id(theme_id_for(need.key), groups)
        index.add(tid, feats)
        groups[tid] = [Member(need, tuple(feats), 1.0, "anchor")]
    return groups, dict(zip(index.ids, index.feats, strict=True))


class _AnchorIndex:
    """Inverted index feature -> anchors, bucketed by anchor size, for exact pruning.

    Cosine >= t needs t|x| <= |a| <= |x|/t (size filter), and an anchor first met through
    features whose remaining squared weight is R can reach at most R / (|x||a|), so such an
    anchor is only worth starting when |a| <= R / (t|x|). Features are taken rarest first,
    so a very common feature ("concept:mobile") only opens the small anchors it could still
    make a match with. The result equals scoring every anchor; only the work is smaller.
    """

    _SCALE = 16  # buckets of squared norm, 1/16 wide

    def __init__(self, threshold: float) -> None:
        self.t = threshold
        self.ids: list[str] = []
        self.feats: list[dict[str, float]] = []
        self.sizes: list[float] = []
        self.keys: list[int] = []
        self.post: dict[str, dict[int, list[int]]] = {}
        self.df: dict[str, int] = {}

    def _key(self, sq: float) -> int:
        return math.floor(sq * self._SCALE + _EPS)

    def add(self, tid: str, feats: dict[str, float]) -> None:
        slot = len(self.ids)
        sq = sum(w * w for w in feats.values())
        key = self._key(sq)
        self.ids.append(tid)
        self.feats.append(feats)
        self.sizes.append(math.sqrt(sq))
        self.keys.append(key)
        for f in feats:
            self.post.setdefault(f, {}).setdefault(key, []).append(slot)
            self.df[f] = self.df.get(f, 0) + 1

    def best(self, feats: dict[str, float]) -> tuple[int | None, float]:
        """The most similar anchor at or above the threshold (oldest on a tie), and its score."""
        t = self.t
        x_sq = sum(w * w for w in feats.values())
        x_norm = math.sqrt(x_sq)
        prune = t >= 1e-6  # below that, bounds overflow and nothing is pruned anyway
        lo = self._key(t * t * x_sq) - 1
        hi = self._key(x_sq / (t * t)) if prune else math.inf
        dots: dict[int, float] = {}
        remaining = x_sq
        for f in sorted(feats, key=lambda f: (self.df.get(f, 0), f)):
            w2 = feats[f] * feats[f]
            start_hi = min(hi, self._key((remaining / (t * x_norm)) ** 2)) if prune else hi
            known = list(dots)
            for key, slots in self.post.get(f, {}).items():
                if lo <= key <= start_hi:
                    for a in slots:
                        dots[a] = dots.get(a, 0.0) + w2
            for a in known:
                if start_hi < self.keys[a] <= hi and f in self.feats[a]:
                    dots[a] += w2
            remaining -= w2
        best, best_score = None, -1.0
        for a, dot in dots.items():
            score = dot / (x_norm * self.sizes[a])
            if score + _EPS >= t and (
                score > best_score + _EPS
                or (abs(score - best_score) <= _EPS and best is not None and a < best)
            ):
                best, best_score = a, score
        return best, best_score


def _unique_id(tid: str, taken: Mapping[str, object]) -> str:
    candidate, n = tid, 1
    while candidate in taken:
        n += 1
        candidate = f"{tid}-{n}"
    return candidate


def _resolve(tid: str, merges: Mapping[str, str], known: set[str]) -> str:
    """Follow merge chains to a theme that exists; a cycle ends at its smallest id."""
    path = [tid]
    while True:
        nxt = merges.get(path[-1])
        if nxt is None or nxt not in known:
            return path[-1]
        if nxt in path:
            return min(path[path.index(nxt) :])
        path.append(nxt)


def _apply_manual(
    groups: dict[str, list[Member]],
    anchors: Mapping[str, Mapping[str, float]],
    manual: ManualChoices,
    lexicon: Lexicon,
) -> tuple[dict[str, list[Member]], dict[str, list[str]]]:
    """Merges first (so a move into a merged theme lands in its survivor), then moves."""
    known = set(groups) | set(manual.moves.values())
    out: dict[str, list[Member]] = {}
    merged_from: dict[str, list[str]] = {}
    for tid, members in groups.items():
        target = _resolve(tid, manual.merges, known)
        if target == tid:
            out.setdefault(tid, []).extend(members)
            continue
        merged_from.setdefault(target, []).append(tid)
        out.setdefault(target, []).extend(Member(m.need, m.why, m.score, "merged") for m in members)
    for tid in list(out) if manual.moves else ():
        staying = []
        for m in out[tid]:
            dest = manual.moves.get(m.need.key)
            dest = _resolve(dest, manual.merges, known) if dest else None
            if dest is None or dest == tid:
                staying.append(m)
                continue
            anchor = anchors.get(dest, {})
            why = tuple(f for f in features(m.need.text, lexicon) if f in anchor)
            out.setdefault(dest, []).append(Member(m.need, why, 0.0, "moved"))
        out[tid] = staying
    return out, merged_from


def _build(
    tid: str,
    members: list[Member],
    custom_name: str | None,
    merged_ids: list[str],
    lexicon: Lexicon,
) -> Theme:
    members = sorted(members, key=_SEEN_KEY)
    mrr_by_account: dict[str, int] = {}
    for m in members:
        acc = m.need.account
        mrr_by_account[acc] = max(mrr_by_account.get(acc, 0), int(m.need.mrr or 0))
    trend: Counter[str] = Counter(m.need.seen_at[:7] for m in members)
    feature_counts = _feature_counts(members, lexicon)
    ties = _ties(feature_counts, len(members))
    defaults = _default_names(tid, feature_counts, lexicon)
    return Theme(
        id=tid,
        name=custom_name or defaults["en"],
        needs=members,
        accounts=set(mrr_by_account),
        total_mrr=sum(mrr_by_account.values()),
        first_seen=members[0].need.seen_at,
        last_seen=max(m.need.seen_at for m in members),
        monthly_trend=dict(sorted(trend.items())),
        ties=ties,
        examples=_examples(members),
        custom_name=custom_name,
        merged_ids=merged_ids,
        default_names=defaults,
        lexicon=lexicon,
    )


_SEEN_KEY = attrgetter("need.seen_at", "need.key")
_sums: dict[tuple[type, float], list[float]] = {}


def _feature_counts(members: list[Member], lexicon: Lexicon) -> Counter[str]:
    """Each feature's weights summed over the members, as ``Counter.update`` one member at
    a time would sum them (the same float additions), from one lookup per distinct text."""
    per_text = Counter(m.need.text for m in members)
    times: dict[str, int] = {}
    weight: dict[str, float] = {}
    for text, n in per_text.items():
        for f, w in features(text, lexicon).items():
            times[f] = times.get(f, 0) + n
            weight[f] = w  # a feature's weight depends on its kind only
    return Counter({f: _repeated_sum(weight[f], n) for f, n in times.items()})


def _repeated_sum(w: float, n: int) -> float:
    """0 + w + w + ... (n times), added one at a time like the floats it stands for."""
    sums = _sums.setdefault((type(w), w), [0])
    while len(sums) <= n:
        sums.append(sums[-1] + w)
    return sums[n]


def _rank(counts: Counter[str]) -> list[str]:
    return sorted(counts, key=lambda f: (-counts[f], not f.startswith(CONCEPT), f))


def _ties(counts: Counter[str], size: int) -> list[str]:
    """Features shared by at least two needs (all of a lone need's), concepts first."""
    minimum = 1 if size == 1 else 2
    return [f for f in _rank(counts) if counts[f] >= minimum][:MAX_TIES]


def _default_names(tid: str, counts: Counter[str], lexicon: Lexicon) -> dict[str, str]:
    """The two most frequent concepts (else words) in each language."""
    if tid == UNSORTED_ID:
        return dict(_UNSORTED_NAME)
    ranked = _rank(counts)
    top = [f for f in ranked if f.startswith(CONCEPT)][:2] or ranked[:2]
    if not top:
        return dict(_UNSORTED_NAME)
    return {lang: _JOIN[lang].join(lexicon.label(f, lang) for f in top) for lang in _JOIN}


def _examples(members: list[Member]) -> list[Member]:
    """Quotes from different accounts, the largest accounts first, then the newest."""
    if any(_TOP in m.need.seen_at for m in members):
        ranked = sorted(
            members, key=lambda m: (-int(m.need.mrr or 0), _neg(m.need.seen_at), m.need.key)
        )
    else:
        # The same order in three stable sorts, last key first; `seen_at + _TOP` descending
        # orders like `_neg(seen_at)` ascending (a prefix first) without building tuples.
        ranked = sorted(members, key=lambda m: m.need.key)
        ranked.sort(key=lambda m: m.need.seen_at + _TOP, reverse=True)
        ranked.sort(key=lambda m: -int(m.need.mrr or 0))
    picked: list[Member] = []
    accounts: set[str] = set()
    for m in ranked:
        if m.need.account not in accounts:
            picked.append(m)
            accounts.add(m.need.account)
        if len(picked) == MAX_EXAMPLES:
            return picked
    for m in ranked:
        if m not in picked and len(picked) < MAX_EXAMPLES:
            picked.append(m)
    return picked


def _neg(text: str) -> tuple[int, ...]:
    """Sort key that orders strings descending inside an ascending sort."""
    return tuple(-ord(c) for c in text)


def need_rows(result: Iterable[Theme], lang: str) -> Iterator[dict[str, object]]:
    """One flat row per need (for the future-need CSV/PDF), in theme order.

    Keys: theme_id, theme, key, account, mrr, seen_at, lang, text, why, how. The caller adds
    what it knows beyond a `Need` (response id, owner, product) by `key`.
    """
    for theme in result:
        name = theme.display_name(lang)
        for m in theme.needs:
            yield {
                "theme_id": theme.id,
                "theme": name,
                "key": m.need.key,
                "account": m.need.account,
                "mrr": m.need.mrr,
                "seen_at": m.need.seen_at,
                "lang": m.need.lang,
                "text": m.need.text,
                "why": ", ".join(label(t, lang, theme.lexicon) for t in m.why),
                "how": m.how,
            }


def theme_rows(result: Iterable[Theme], lang: str) -> Iterator[dict[str, object]]:
    """One row per theme (for the theme summary table, CSV or PDF)."""
    for theme in result:
        yield {
            "theme_id": theme.id,
            "theme": theme.display_name(lang),
            "needs": len(theme.needs),
            "accounts": len(theme.accounts),
            "total_mrr": theme.total_mrr,
            "first_seen": theme.first_seen,
            "last_seen": theme.last_seen,
            "ties": ", ".join(theme.ties_display(lang)),
            "trend": " ".join(f"{m}:{n}" for m, n in theme.monthly_trend.items()),
            "examples": " / ".join(m.need.text for m in theme.examples),
        }
