"""blind24 (dental clinics) and blind25 (wedding venues) were written after the last engine
change of round seven and scored once, untuned: 0.929 and 0.933 (tests/data/README.md).
They are the closest thing here to the held-out check the issue asks for, so this test
holds the issue's target on them. Do not tune on them; write new sets for that."""

import pytest
from devset import DATA, run_blind

from webapp.triage.evaluate import format_report


@pytest.mark.parametrize("name", ["blind24", "blind25"])
def test_fresh_sets_reach_the_target(name):
    metrics, _ = run_blind(DATA / name)
    assert metrics.total == 60 and not metrics.missing
    assert metrics.macro_f1 >= 0.90, format_report(metrics)
