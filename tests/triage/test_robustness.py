"""Whatever arrives in the answers, triage returns a decision and never raises."""

from helpers import account, demo_triager
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.triage import CATEGORIES

junk = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=300), st.text(alphabet="あいうエラー不満。！ .!?\n", max_size=200),
    st.lists(st.text(max_size=30), max_size=5),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
answers = st.fixed_dictionaries({}, optional={
    key: junk for key in ("nps", "satisfaction", "blocked_need", "future_need", "comment",
                          "interests", "other")
})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=answers, seats=st.one_of(st.none(), st.integers(), st.text(max_size=4)))
def test_arbitrary_answers_never_crash(answers, seats):
    acc = account(seats=0)
    acc["subscriptions"][0]["seats_used"] = seats
    d = demo_triager().triage({"id": "x", "answers": answers}, acc)
    assert d.category in CATEGORIES
    line = d.to_export()
    assert line["approach"] in ("proactive", "careful", "none")


@settings(max_examples=50, deadline=None)
@given(response=junk, acc=junk)
def test_wrong_shapes_never_crash(response, acc):
    assert demo_triager().triage(response, acc).category in CATEGORIES


def test_huge_answer_is_handled():
    text = ("The app crashes again. " * 5000) + ("slow " * 20000)
    d = demo_triager().triage({"id": "x", "answers": {"comment": text, "nps": "9"}}, None)
    assert d.category == "complaint"
    assert d.nps == 9
