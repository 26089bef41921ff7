"""The hospitality set (tests/data/blind4, a 6th catalog) must reach macro-F1 >= 0.85."""

from devset import DATA, run_blind

from webapp.triage.evaluate import format_report


def test_blind4_set_macro_f1_at_least_085():
    assert (DATA / "blind4" / "labels.jsonl").exists()
    metrics, _ = run_blind(DATA / "blind4")
    print(format_report(metrics))
    assert metrics.total >= 80
    assert metrics.macro_f1 >= 0.85, format_report(metrics)
