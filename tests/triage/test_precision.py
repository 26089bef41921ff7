"""Round-five precision rules: cue words read in context, not on their own."""

from helpers import run

from webapp.text import normalize
from webapp.triage import load_rules
from webapp.triage.statements import read


def _cues(text: str):
    return read("comment", text, load_rules())


def test_negated_negative_is_not_a_complaint():
    for text in ("Not a bad product at all.", "It isn't too bad.", "Can't complain really.",
                 "悪くないです。", "不満というほどではないです。"):
        st = _cues(text)
        assert not (st.complaint or st.soft), text
        assert st.need is None, text


def test_getting_worse_is_not_litotes():
    rules = load_rules()
    assert rules.cue("litotes", normalize("最近悪くなった気がします。")) is None
    assert _cues("It's not working and support is bad.").soft is not None


def test_mistakes_of_the_customers_own_people_are_no_complaint():
    st = _cues("Students see straight away whatever they got wrong.")
    assert not (st.complaint or st.soft)


def test_a_fact_about_the_login_count_is_no_complaint():
    st = _cues("この春から先生が二人増える予定で、ログインできる人数がぎりぎりになりそうです。")
    assert not st.complaint
    assert _cues("ログインできません。").complaint


def test_polite_worry_about_dropouts_is_a_complaint():
    st = _cues("オンライン授業の音声が途切れがちなのが、少し気になるところではあります。")
    assert st.complaint


def test_only_a_technology_in_common_is_no_match():
    d = run(nps=8, future_need="It would be great to check the weather forecast by voice.")
    assert d.category in ("cannot_address_now", "no_action")
