"""Measure triage against hand-written labels: accuracy, macro-F1, confusion matrix,
and precision/recall of the proposed opportunities.

Pure functions so the CLI (`triage evaluate`), the dev-set test and the held-out check
all compute the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from webapp.triage.model import CATEGORIES


@dataclass
class ClassScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Metrics:
    total: int
    accuracy: float
    macro_f1: float
    per_class: dict[str, ClassScore]
    confusion: dict[str, dict[str, int]]   # confusion[label][predicted]
    opportunity_precision: float
    opportunity_recall: float
    missing: list[str] = field(default_factory=list)       # labelled, not exported
    wrong: list[tuple[str, str, str]] = field(default_factory=list)  # id, label, predicted
    opportunity_errors: list[tuple[str, list[str], list[str]]] = field(default_factory=list)


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _pairs(items: Any) -> set[tuple[str, str]]:
    out = set()
    for o in items or []:
        if isinstance(o, dict) and o.get("kind") and o.get("item"):
            out.add((str(o["kind"]), str(o["item"])))
    return out


def evaluate(labels: list[dict[str, Any]], exported: dict[str, dict[str, Any]]) -> Metrics:
    """Compare labels with export lines (keyed by response id).

    A labelled response with no export line counts as a wrong prediction ("missing").
    Opportunities are compared as (kind, item) sets, held or not.
    """
    cats = list(CATEGORIES)
    confusion = {a: dict.fromkeys(cats + ["missing"], 0) for a in cats}
    missing: list[str] = []
    wrong: list[tuple[str, str, str]] = []
    opp_errors: list[tuple[str, list[str], list[str]]] = []
    tp = fp = fn = 0
    for label in labels:
        rid, gold = str(label.get("response")), label.get("category")
        if gold not in confusion:
            continue
        line = exported.get(rid)
        pred = line.get("category") if line else "missing"
        if line is None:
            missing.append(rid)
        confusion[gold][pred if pred in confusion[gold] else "missing"] += 1
        if pred != gold:
            wrong.append((rid, gold, str(pred)))
        want = _pairs(label.get("opportunities"))
        got = _pairs(line.get("opportunities") if line else [])
        tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
        if want != got:
            opp_errors.append((rid, sorted(f"{k}:{i}" for k, i in want),
                               sorted(f"{k}:{i}" for k, i in got)))
    per_class: dict[str, ClassScore] = {}
    for c in cats:
        t = confusion[c][c]
        predicted = sum(confusion[a][c] for a in cats)
        support = sum(confusion[c].values())
        p, r = _ratio(t, predicted), _ratio(t, support)
        per_class[c] = ClassScore(p, r, _ratio(2 * p * r, p + r) if p + r else 0.0, support)
    present = [c for c in cats if per_class[c].support]
    total = sum(sum(row.values()) for row in confusion.values())
    return Metrics(
        total=total,
        accuracy=_ratio(sum(confusion[c][c] for c in cats), total),
        macro_f1=sum(per_class[c].f1 for c in present) / len(present) if present else 0.0,
        per_class=per_class, confusion=confusion,
        opportunity_precision=_ratio(tp, tp + fp), opportunity_recall=_ratio(tp, tp + fn),
        missing=missing, wrong=wrong, opportunity_errors=opp_errors,
    )


def format_report(metrics: Metrics, details: bool = True) -> str:
    """A plain-text report: headline numbers, per-class table, confusion matrix."""
    cats = list(CATEGORIES)
    short = {"complaint": "complaint", "ready": "ready", "cannot_address_now": "cannot_now",
             "no_action": "no_action", "missing": "missing"}
    lines = [
        f"responses: {metrics.total}   accuracy: {metrics.accuracy:.3f}   "
        f"macro-F1: {metrics.macro_f1:.3f}",
        f"opportunities (kind,item): precision {metrics.opportunity_precision:.3f}   "
        f"recall {metrics.opportunity_recall:.3f}",
        "",
        f"{'category':<20}{'precision':>10}{'recall':>10}{'F1':>8}{'support':>9}",
    ]
    for c in cats:
        s = metrics.per_class[c]
        lines.append(f"{c:<20}{s.precision:>10.3f}{s.recall:>10.3f}{s.f1:>8.3f}{s.support:>9}")
    cols = cats + (["missing"] if metrics.missing else [])
    lines += ["", "confusion (rows: label, columns: predicted)",
              " " * 20 + "".join(f"{short[c]:>12}" for c in cols)]
    for a in cats:
        lines.append(f"{a:<20}" + "".join(f"{metrics.confusion[a][c]:>12}" for c in cols))
    if details and metrics.wrong:
        lines += ["", "wrong categories:"]
        lines += [f"  {rid}: label {gold}, got {pred}" for rid, gold, pred in metrics.wrong]
    if details and metrics.opportunity_errors:
        lines += ["", "opportunity differences (label -> got):"]
        lines += [f"  {rid}: {want} -> {got}" for rid, want, got in metrics.opportunity_errors]
    return "\n".join(lines)
