"""ROI numbers: value of hours saved, yearly figures, payback, and the edge cases."""

from __future__ import annotations

import pytest

from webapp.proposals import Payback, compute_roi


def roi(hours=26, cost=4000, new=60000, today=30000, one_time=0):
    return compute_roi(
        hours_per_month=hours,
        hourly_cost=cost,
        new_monthly=new,
        today_monthly=today,
        one_time=one_time,
    )


def test_value_of_hours_saved_monthly_and_yearly():
    r = roi()
    assert r.monthly_value == 104_000 and r.yearly_value == 1_248_000
    assert r.extra_monthly == 30_000 and r.extra_yearly == 360_000
    assert r.net_monthly == 74_000 and r.net_yearly == 888_000


def test_no_one_off_fee_pays_back_immediately():
    r = roi()
    assert r.payback is Payback.IMMEDIATE and r.payback_months == 0


def test_one_off_fee_pays_back_in_months():
    r = roi(hours=4, new=0, today=0, one_time=200_000)  # training: 16,000 a month
    assert r.payback is Payback.MONTHS
    assert r.payback_months == pytest.approx(12.5)
    assert r.extra_yearly == 200_000 and r.net_yearly == 192_000 - 200_000


def test_one_off_with_extra_monthly_cost():
    r = roi(hours=10, new=50_000, today=30_000, one_time=100_000)  # 40,000 − 20,000 = 20,000
    assert r.payback_months == pytest.approx(5.0)


def test_zero_hours_with_extra_cost_never_pays_back():
    r = roi(hours=0)
    assert r.monthly_value == 0 and r.yearly_value == 0
    assert r.payback is Payback.NEVER and r.payback_months is None
    assert r.net_yearly == -360_000


def test_zero_hours_and_zero_cost_is_not_a_payback():
    r = roi(hours=0, new=30000, today=30000)
    assert r.net_monthly == 0 and r.payback is Payback.NEVER


def test_time_worth_less_than_the_price_never_pays_back():
    r = roi(hours=5, new=60_000, today=30_000, one_time=50_000)  # 20,000 < 30,000
    assert r.payback is Payback.NEVER and r.payback_months is None


def test_downsell_saves_money_directly():
    r = roi(hours=0, new=30_000, today=60_000)
    assert r.extra_monthly == -30_000 and r.extra_yearly == -360_000
    assert r.net_yearly == 360_000
    assert r.payback is Payback.SAVING and r.payback_months == 0


def test_downsell_with_a_switching_fee_pays_back_from_the_saving():
    r = roi(hours=0, new=30_000, today=60_000, one_time=45_000)
    assert r.payback is Payback.MONTHS and r.payback_months == pytest.approx(1.5)


def test_negative_inputs_are_clamped():
    r = compute_roi(
        hours_per_month=-3, hourly_cost=-1, new_monthly=0, today_monthly=0, one_time=-10
    )
    assert r.hours_per_month == 0 and r.hourly_cost == 0 and r.one_time == 0
