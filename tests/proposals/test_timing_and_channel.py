"""Recommended timing and channel follow the seeds' rules and always give a reason."""

from __future__ import annotations

import datetime as dt

import pytest

from webapp.proposals import AdviceRules
from webapp.proposals.advice import add_months, recommend_channel, recommend_timing
from webapp.proposals.wording import Wording

TODAY = dt.date(2026, 11, 24)
RULES = AdviceRules()
JA = Wording.for_lang("ja", "JPY")
EN = Wording.for_lang("en", "JPY")


def timing(kind="cross_sell", seats=(5, 20), w=EN, **account):
    return recommend_timing(kind=kind, account=account, seats=seats, today=TODAY, rules=RULES, w=w)


def test_seat_limit_reached_means_now():
    advice = timing("upsell", (9, 10), JA, renewal_date="2027-01-10")
    assert advice.code == "now" and advice.title == "今すぐ"
    assert "90%" in advice.reason and "9/10" in advice.reason


def test_seats_below_the_threshold_do_not_force_now():
    assert timing("upsell", (7, 10)).code == "next_review"


def test_renewal_in_two_months_gives_the_window_before_it():
    advice = timing(renewal_date="2027-01-31")
    assert advice.code == "before_renewal"
    assert advice.title == (
        "1–2 months before your renewal on January 31, 2027: November 30, 2026 – December 31, 2026"
    )
    assert advice.reason


def test_renewal_within_a_month_means_now_before_renewal():
    advice = timing(w=JA, renewal_date="2026-12-20")
    assert advice.code == "before_renewal"
    assert advice.title == "更新日（2026年12月20日）の前、今すぐ"


def test_renewal_far_away_or_past_means_next_review():
    assert timing(renewal_date="2027-06-30").code == "next_review"
    assert timing(renewal_date="2026-01-01").code == "next_review"
    assert timing(renewal_date="not a date").code == "next_review"


def test_recently_onboarded_waits_until_onboarding_settles():
    advice = timing(onboarded_at="2026-10-25")
    assert advice.code == "after_onboarding"
    assert "January 23, 2027" in advice.title and "October 25, 2026" in advice.reason


def test_downsell_is_now_to_prevent_churn():
    assert timing("downsell", (3, 50), renewal_date="2027-06-30").code == "now"


def test_add_months_clamps_to_month_end():
    assert add_months(dt.date(2027, 3, 31), -1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 1, 15), -2) == dt.date(2026, 11, 15)


def channel(kind="upsell", approach="proactive", mrr=30_000, deal=360_000, w=EN):
    return recommend_channel(
        kind=kind, approach=approach, mrr=mrr, deal_yearly=deal, rules=RULES, w=w
    )


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"mrr": 120_000}, "visit"),  # high MRR
        ({"deal": 1_500_000}, "visit"),  # big deal
        ({"approach": "careful"}, "online"),  # passive: talk, don't push
        ({"approach": "careful", "deal": 100_000}, "online"),  # even when small
        ({"deal": 200_000}, "email"),  # small deal for a promoter
        ({}, "online"),
        ({"kind": "downsell", "mrr": 500_000}, "phone"),
    ],
)
def test_channel_rules(kwargs, code):
    advice = channel(**kwargs)
    assert advice.code == code and advice.title and advice.reason


def test_channel_words_are_japanese_for_japanese():
    assert channel(mrr=200_000, w=JA).title == "訪問"
    assert channel(approach="careful", w=JA).title == "オンライン会議"
