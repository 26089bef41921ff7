"""The labelled development set (tests/data) must reach macro-F1 >= 0.90."""

from devset import DATA, run_dev

from webapp.triage.evaluate import format_report


def test_dev_set_macro_f1_at_least_090():
    assert (DATA / "labels_dev.jsonl").exists()
    metrics, _ = run_dev()
    print(format_report(metrics))
    assert metrics.total >= 100
    assert metrics.macro_f1 >= 0.90, format_report(metrics)
