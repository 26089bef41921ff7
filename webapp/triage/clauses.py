"""Find the main ask of a need statement, and the parts that only set the scene.

"先生たちが研修に行くときの電車代を入力してもらっています" is about train fares, not
training; "invoices arrive in dollars so converting takes hours" is about conversion;
"お知らせを送りたいのですが、今は手書きのはがきで出しています" asks for news to members,
the postcards are today's workaround. Matching gives the words of such modifier parts
less weight (`matching.modifier_weight`), so an item that only covers a side word
no longer wins.

How (the markers are editable, `clauses:` in ja.yaml / en.yaml):
1. cut the statement into clauses at commas and clause connectives;
2. if some clauses carry an ask cue (want, できない, 〜と助かる...) those are the head and
   the others modifiers; otherwise reason clauses (〜ので, because...) are modifiers;
3. inside a head clause, a noun modifier (〜ときの, 〜ための / from our..., based on...)
   is a modifier too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from webapp.triage.matchers import PhraseSet


@dataclass(frozen=True)
class ClauseRules:
    split: re.Pattern[str] | None      # where a clause ends (the match is kept on the left)
    ask: PhraseSet                     # "I want / I can't" cues: mark a head clause
    reason: re.Pattern[str] | None     # a clause that only gives a reason/background
    inner: re.Pattern[str] | None      # start (en) or end (ja) of a noun modifier
    medium: PhraseSet | None = None    # how a process is carried today: by phone, on paper


def _alt(items: list[str]) -> re.Pattern[str] | None:
    items = [i for i in items if i]
    return re.compile("|".join(f"(?:{i})" for i in items)) if items else None


def build(split: list[str], ask: list[str], reason: list[str],
          inner: list[str], medium: list[str] | None = None) -> ClauseRules:
    return ClauseRules(_alt(split), PhraseSet(tuple(ask)), _alt(reason), _alt(inner),
                       PhraseSet(tuple(medium or ())))


def _cut(text: str, pattern: re.Pattern[str] | None) -> list[str]:
    if pattern is None:
        return [text]
    out, start = [], 0
    for m in pattern.finditer(text):
        if m.end() > start:
            out.append(text[start:m.end()])
            start = m.end()
    out.append(text[start:])
    return [p for p in out if p.strip()]


def spans(norm: str, rules: ClauseRules) -> tuple[list[str], list[str]]:
    """(head parts, modifier parts) of a normalised statement."""
    clauses = _cut(norm, rules.split)
    if len(clauses) <= 1 and rules.inner is None:
        return [norm], []
    asks = [rules.ask.find(c) is not None for c in clauses]
    head: list[str] = []
    mods: list[str] = []
    for clause, ask in zip(clauses, asks, strict=True):
        if any(asks):
            side = not ask
        else:  # no ask: a reason or background clause is the side part
            side = len(clauses) > 1 and rules.reason is not None \
                and rules.reason.search(clause) is not None
        if side:
            mods.append(clause)
        else:
            h, m = _inner(clause, rules.inner)
            head.append(h)
            mods += m
    if not any(h.strip() for h in head):
        return [norm], []
    return head, mods


def _inner(clause: str, pattern: re.Pattern[str] | None) -> tuple[str, list[str]]:
    """Split a noun modifier off a head clause.

    Japanese modifiers come first and end in the marker (「研修に行くときの」電車代);
    English ones start with it and run to the end (labels "from our recipes").
    """
    if pattern is None:
        return clause, []
    m = pattern.search(clause)
    if not m:
        return clause, []
    if m.group(0).strip() and m.group(0).strip()[0].isascii():
        head, mod = clause[:m.start()], clause[m.start():]
    else:
        mod, head = clause[:m.end()], clause[m.end():]
    if not head.strip():
        return clause, []
    return head, [mod]
