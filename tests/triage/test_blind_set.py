"""The restaurant-POS set (tests/data/blind, a 3rd catalog) must reach macro-F1 >= 0.85."""

from devset import DATA, run_blind

from webapp.triage.evaluate import format_report


def test_blind_set_macro_f1_at_least_085():
    assert (DATA / "blind" / "labels.jsonl").exists()
    metrics, _ = run_blind()
    print(format_report(metrics))
    assert metrics.total >= 60
    assert metrics.macro_f1 >= 0.85, format_report(metrics)
