"""The evaluation arithmetic on a tiny hand-checked case."""

from webapp.triage.evaluate import evaluate, format_report


def test_metrics_on_a_small_case():
    labels = [
        {"response": "a", "category": "ready", "opportunities": [{"kind": "upsell", "item": "p"}]},
        {"response": "b", "category": "complaint", "opportunities": []},
        {"response": "c", "category": "no_action"},
        {"response": "d", "category": "cannot_address_now"},
    ]
    exported = {
        "a": {"category": "ready", "opportunities": [{"kind": "upsell", "item": "p"},
                                                     {"kind": "cross_sell", "item": "o"}]},
        "b": {"category": "complaint", "opportunities": []},
        "c": {"category": "cannot_address_now", "opportunities": []},
    }
    m = evaluate(labels, exported)
    assert m.accuracy == 0.5
    assert m.confusion["no_action"]["cannot_address_now"] == 1
    assert m.missing == ["d"]
    assert m.per_class["ready"].f1 == 1.0
    assert m.opportunity_precision == 0.5 and m.opportunity_recall == 1.0
    report = format_report(m)
    assert "macro-F1" in report and "confusion" in report
