"""Cut answers into statements and read the cues in each one.

Only the words are looked at here; whether a need is met, sellable or future depends on
the catalog and the account and is decided in the engine. Negations are removed before
complaint cues are looked for, so "no complaints" and 「エラーもなく快適」 stay calm while
"no complaints about support, but it crashes daily" is still a complaint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from webapp.text import normalize, split_sentences
from webapp.triage.rules import Rules

TEXT_ROLES = ("blocked_need", "future_need", "comment")
NEED_ROLES = frozenset({"blocked_need", "future_need"})
MAX_TEXT = 20_000  # characters read per answer; a survey answer longer than this is junk
MAX_STATEMENTS = 200  # sentences read per answer, for the same reason


@dataclass(frozen=True)
class Statement:
    """One sentence of one answer, with the cues found in it."""

    role: str
    text: str                       # verbatim, for quoting
    complaint: str | None = None    # strong complaint cue (negations removed)
    soft: str | None = None         # mild complaint cue (slow, hard to use...)
    not_working: str | None = None  # "X does not work"
    incident: str | None = None     # a failure recounted as a past event ("didn't finish")
    vendor: bool = False            # the product, the vendor or its support is named
    price: str | None = None        # cost too high for the use
    need: str | None = None         # need cue (always set for need roles)
    praise: str | None = None
    empty: bool = False             # "nothing", 「特になし」
    follow: bool = False            # not the first sentence of its answer
    clears: bool = False            # "not your fault", 「御社のせいではありません」
    because: bool = False           # only gives a reason: 「…としか言わないので。」
    keeps_plan: bool = False        # "we'll stay on our plan", 「今のプランのまま続けます」

    @property
    def wants(self) -> bool:
        return self.need is not None

    @property
    def implicit(self) -> bool:
        """A need only because of the question it answers (no want/can't cue of its own)."""
        return self.need is not None and self.need.startswith("answer to ")


def answer_text(value: Any) -> str:
    """A text answer as a string whatever arrived: lists joined, numbers kept, junk dropped."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool) or value is None:
        return ""
    elif isinstance(value, int | float):
        text = str(value)
    elif isinstance(value, list | tuple):
        text = "\n".join(answer_text(v) for v in value[:100])
    else:
        return ""
    return text[:MAX_TEXT]


def read(role: str, sentence: str, rules: Rules, follow: bool = False) -> Statement:
    """The cues of one sentence.

    Words such as 不具合 / defect / 間違い / error name a problem, but not always one
    with the product: 「点検で見つけた不具合」 are the building's, 「読み間違い」 are people's.
    When the sentence places the problem in the customer's own work (`own_operations`)
    and does not name the product or vendor (`vendor_subject`), those words are a need,
    not a complaint. A cost remark ("月額が重たく感じる") is read as price, not as
    slowness, and its words ("more than we'd like") are no need cue.
    """
    norm = normalize(sentence)
    if rules.cue("litotes", norm):
        # a negated negative is praise or calm: "not a bad product", 「悪くない」
        norm = rules.cues["litotes"].remove(norm)
    calm = rules.negation.remove(norm) if rules.negation else norm
    price = rules.cue("price", norm)
    # a negated problem is no ask either: the "can't" of "can't say we've had a single
    # issue" is not a need, so need cues are read with negations removed
    plain = rules.cues["price"].remove(calm) if price else calm
    need = rules.cue("need", rules.cues["need_met"].remove(plain))
    empty = rules.cues["none_answer"].startswith(norm) and need is None
    improved = rules.cue("improved", norm)
    if improved and role not in NEED_ROLES and need is not None and (
            rules.clauses is None or rules.clauses.ask.find(norm) is None):
        # a change for the better told in a comment (「…できるようになって、電話が
        # かなり減りました」, "it has cut our month-end to a day") is praise, not a need
        need = None
    if role in NEED_ROLES and need is None and not empty:
        need = f"answer to {role}"
    # a strong word inside the customer's own story ("our bearings failed") is theirs
    clears = rules.cue("not_yours", norm) is not None
    mine = rules.cues["own_operations"].remove(rules.cues["not_yours"].remove(calm))
    complaint = rules.cue("complaint_negated", norm) or rules.cue("complaint", mine)
    soft = rules.cue("complaint_soft", rules.cues["price"].remove(calm) if price else calm)
    ambiguous = None if complaint else rules.cue("complaint_ambiguous", calm)
    broken = rules.cue("not_working", norm)
    incident = rules.cue("failure_event", calm)
    if incident and rules.concepts is not None:
        # "our managers didn't finish the appraisals": people failed, not the product
        at = calm.find(incident)
        if at > 0 and _people_did_it(calm[max(0, at - 30):at], rules):
            incident = None
    vendor = rules.cue("vendor_subject", norm) is not None
    if role == "future_need" and not vendor and not broken and need is not None \
            and not need.startswith("answer to "):
        # a wish for the future describes the world the wish would handle: "a text when
        # the autoclave throws an error", "drop off a broken laptop" are no complaints
        complaint = soft = ambiguous = None
    if improved and not complaint:
        # "it has saved a lot of awkward emails", 「自動で催促が行くので…ずいぶん減りました」
        soft = ambiguous = incident = None
    mine_cue = rules.cue("own_operations", norm)
    own = (soft or ambiguous or broken or incident) and not vendor \
        and (clears or mine_cue is not None)
    if own:
        # the customer's own work: a need, not a complaint (an incident stays one only
        # if what failed turns out to be something they have: see the engine). A trouble
        # told before the workaround is the product's: 「欄がずれてしまうことがございまし
        # て、毎回手で書き直して」
        trouble = soft or ambiguous or broken
        if clears or not (trouble and mine_cue and _before(calm, trouble, mine_cue)):
            soft = ambiguous = broken = None
        if incident and mine_cue and _near(calm, incident, mine_cue):
            incident = None  # "we get blamed when something goes missing", "chase the plumber"
    return Statement(
        role=role,
        text=sentence,
        complaint=complaint or ambiguous,
        soft=soft,
        not_working=broken,
        incident=incident,
        vendor=vendor,
        price=price,
        need=need,
        praise=rules.cue("praise", norm) or improved,
        empty=empty,
        follow=follow,
        clears=clears,
        because=rules.cue("reason_only", norm) is not None,
        keeps_plan=rules.cue("keep_plan", norm) is not None,
    )


def _people_did_it(before: str, rules: Rules) -> bool:
    """Are people named before a failure as its subject, not as whom it reached
    ("our managers didn't finish", not 「お客様に二通ずつ届いて」 / "sent to clients")?"""
    assert rules.concepts is not None
    for _a, end, found in rules.concepts.spans(before):
        if "people" in found and not re.match(r"\s*(?:様|さん)?(?:に|へ|宛|あて)|\s*to\b",
                                                before[end:]):
            return True
    return False


def _before(text: str, cue: str, own: str) -> bool:
    """Is a trouble told, in its own clause, before the customer's own story starts?"""
    at, start = text.find(cue), text.find(own)
    return at >= 0 and at + len(cue) < start and bool(re.search(r"[、,;]|so |and ", text[at:start]))


def _near(text: str, cue: str, own: str, after: int = 25) -> bool:
    """Is a failure cue part of, or told right after, the customer's own story?"""
    at, start = text.find(cue), text.find(own)
    return at >= 0 and start >= 0 and start - 5 <= at <= start + len(own) + after


def statements(answers: dict[str, Any], rules: Rules,
               cache: dict[tuple[str, str, bool], Statement] | None = None) -> list[Statement]:
    """Every statement of the text answers, in role order, cues read.

    `cache` (owned by the caller, e.g. a Triager) saves re-reading sentences that recur,
    which survey answers do a lot ("特になし", "No complaints").
    """
    out: list[Statement] = []
    for role in TEXT_ROLES:
        sentences = split_sentences(answer_text(answers.get(role)))[:MAX_STATEMENTS]
        answer: list[Statement] = []
        for i, sentence in enumerate(sentences):
            key = (role, sentence, i > 0)
            st = cache.get(key) if cache is not None else None
            if st is None:
                st = read(role, sentence, rules, i > 0)
                if cache is not None:
                    if len(cache) >= 50_000:
                        cache.clear()
                    cache[key] = st
            answer.append(st)
        out += _cleared(answer)
    return out


def _cleared(answer: list[Statement]) -> list[Statement]:
    """An answer that says "nothing to do with you" tells its trouble as the customer's
    own: "Our tractor broke down in the middle of planting. Nothing to do with you guys."
    A sentence naming the product or vendor keeps its complaint."""
    if not any(st.clears for st in answer):
        return answer
    return [replace(st, complaint=None, soft=None, not_working=None, incident=None)
            if not st.vendor and not st.clears else st for st in answer]
