"""The triage engine on arbitrary answers and accounts, against the demo catalog."""

from __future__ import annotations

import functools

import yaml
from app_helpers import DEMO
from hypothesis import given, settings
from hypothesis import strategies as st
from prop_strategies import huge_text, json_values, odd_text

from webapp.triage import CATEGORIES, Triager

SETTINGS = settings(max_examples=50, deadline=None)
EXPORT_KEYS = {"response", "account", "category", "approach", "opportunities", "findings",
               "reasons", "overridden_by"}


@functools.cache
def triager() -> Triager:
    return Triager(yaml.safe_load((DEMO / "catalog.yaml").read_text(encoding="utf-8")))


answer_values = st.one_of(json_values, huge_text.filter(lambda s: len(s) <= 70_000),
                          st.integers(-3, 13), st.lists(st.sampled_from(
                              ["onboarding-training", "premium-support", "maintenance", "x"])))
answers = st.dictionaries(st.one_of(st.sampled_from(
    ["nps", "satisfaction", "blocked_need", "future_need", "comment", "interests", "department"]),
    odd_text), answer_values, max_size=7)
subscription = st.fixed_dictionaries({}, optional={
    "product": st.one_of(st.sampled_from(["accounting", "inventory", "demand-forecast", "nope"]),
                         json_values),
    "plan": st.one_of(st.sampled_from(["accounting-light", "accounting-standard",
                                       "inventory-standard", "gold"]), json_values),
    "seats_used": st.one_of(st.integers(-100, 10**6), json_values),
    "seat_limit": st.one_of(st.none(), st.integers(-5, 100)),
})
accounts = st.one_of(st.none(), json_values, st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.just("sakura-seiki"), json_values),
    "lang": st.one_of(st.sampled_from(["ja", "en"]), json_values),
    "employees": st.one_of(st.integers(-10, 10**6), json_values),
    "mrr": json_values, "departments": json_values,
    "subscriptions": st.one_of(st.lists(st.one_of(subscription, json_values), max_size=3), json_values),
}))


def check(decision) -> None:
    assert decision.category in CATEGORIES
    line = decision.to_export()
    assert set(line) == EXPORT_KEYS
    assert line["approach"] in ("proactive", "careful", "none")
    assert all(o["kind"] in ("upsell", "cross_sell", "downsell") for o in line["opportunities"])


@SETTINGS
@given(answers=answers, account=accounts, lang=st.one_of(st.sampled_from(["ja", "en"]), json_values))
def test_triage_never_raises(answers, account, lang):
    response = {"id": "r-x", "account": "sakura-seiki", "survey": "csat", "lang": lang,
                "answers": answers}
    check(triager().triage(response, account))


@SETTINGS
@given(response=st.one_of(json_values, st.dictionaries(st.sampled_from(
    ["id", "account", "lang", "answers", "survey"]), json_values)), account=accounts)
def test_triage_of_any_shape_never_raises(response, account):
    check(triager().triage(response, account))
