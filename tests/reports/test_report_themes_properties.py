"""Theme grouping never crashes, never loses a need, and its index prunes exactly."""

from __future__ import annotations

import math
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_needgen import generate

from webapp.reports.concepts import features, load_lexicon
from webapp.reports.themes import ManualChoices, Need, themes

needs_strategy = st.lists(
    st.builds(
        Need,
        key=st.text(min_size=1, max_size=8),
        text=st.text(max_size=80),
        lang=st.sampled_from(["ja", "en", ""]),
        account=st.text(max_size=5),
        mrr=st.integers(min_value=0, max_value=10**9),
        seen_at=st.text(max_size=12),
    ),
    max_size=25,
    unique_by=lambda n: n.key,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(needs=needs_strategy, threshold=st.floats(min_value=0.0, max_value=1.0), data=st.data())
def test_any_unicode_needs_and_choices_group_without_losing_one(needs, threshold, data):
    ids = [t.id for t in themes(needs, threshold=threshold)] + ["th-new"]
    keys = [n.key for n in needs] or ["none"]
    manual = ManualChoices(
        names=data.draw(st.dictionaries(st.sampled_from(ids), st.text(max_size=5))),
        merges=data.draw(st.dictionaries(st.sampled_from(ids), st.sampled_from(ids))),
        moves=data.draw(st.dictionaries(st.sampled_from(keys), st.sampled_from(ids))),
    )
    result = themes(needs, manual, threshold)
    placed = sorted(m.need.key for t in result for m in t.needs)
    assert placed == sorted(n.key for n in needs)
    for theme in result:
        assert theme.needs and theme.display_name("ja") and theme.display_name("en")


def brute_force(needs: list[Need], threshold: float) -> list[list[str]]:
    """The grouping rule without any index: score every anchor."""
    lex = load_lexicon()
    anchors: list[tuple[dict[str, float], list[str]]] = []
    for n in sorted(needs, key=lambda n: (n.seen_at, n.key)):
        f = features(n.text, lex)
        if not f:
            continue
        norm = math.sqrt(sum(w * w for w in f.values()))
        best, best_score = None, -1.0
        for i, (af, _) in enumerate(anchors):
            dot = sum(w * w for k, w in f.items() if k in af)
            if not dot:
                continue
            score = dot / (norm * math.sqrt(sum(w * w for w in af.values())))
            if score + 1e-9 >= threshold and score > best_score + 1e-9:
                best, best_score = i, score
        if best is None:
            anchors.append((f, [n.key]))
        else:
            anchors[best][1].append(n.key)
    return sorted(sorted(members) for _, members in anchors)


def test_indexed_grouping_equals_scoring_every_anchor():
    rnd = random.Random(5)
    vocab = [f"v{i}x" for i in range(60)]
    noisy = [
        Need(
            f"s{i}",
            f"mobile app {' '.join(rnd.sample(vocab, rnd.randint(0, 4)))}",
            "en",
            "a",
            1,
            f"2025-01-{1 + i % 28:02d}",
        )
        for i in range(300)
    ]
    needs = generate(600, seed=11) + noisy
    for threshold in (0.0, 0.3, 0.5, 0.6, 0.75, 0.9, 1.0):
        got = sorted(
            sorted(m.need.key for m in t.needs)
            for t in themes(needs, threshold=threshold)
            if t.id != "th-unsorted"
        )
        assert got == brute_force(needs, threshold), threshold
