"""The customer's survey form against arbitrary posts on a real invitation link."""

from __future__ import annotations

import json
from urllib.parse import quote_from_bytes

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prop_helpers import query, snapshot
from prop_strategies import SPECIALS, huge_text, odd_text

from webapp.importing.fields import BAD_CHARS_RE

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FIELDS = ["nps", "satisfaction", "blocked_need", "future_need", "comment", "interests",
          "department"]
GOOD = {"nps": [str(i) for i in range(11)], "satisfaction": [str(i) for i in range(1, 6)],
        "interests": ["onboarding-training", "premium-support", "maintenance"],
        "department": ["management", "finance", "it", "other", "nope"]}

values = st.one_of(odd_text, huge_text, st.sampled_from(SPECIALS + ["-1", "11", "5.0", " 5"]),
                   st.sampled_from(sum(GOOD.values(), [])))
posts = st.dictionaries(st.one_of(st.sampled_from(FIELDS), odd_text), st.lists(values, max_size=3),
                        max_size=9)


def check_post_outcome(template, make_request):
    with template.fresh_app() as app:
        client = app.test_client()
        client.set_cookie("session", template.survey_cookie)
        before = snapshot(app)
        response = make_request(client)
        assert response.status_code < 500
        after = snapshot(app)
        rows = query(app, "SELECT * FROM responses WHERE invitation = ?", [template.invitation_id])
        if response.status_code == 302:
            assert len(rows) == 1
            answers = json.loads(rows[0]["answers"])
            assert answers["nps"] in range(11) and answers["satisfaction"] in range(1, 6)
            for key in ("blocked_need", "future_need", "comment"):
                assert not BAD_CHARS_RE.search(answers.get(key, ""))
                assert len(answers.get(key, "")) <= 2000
            assert set(answers.get("interests", [])) <= {"onboarding-training", "premium-support"}
            assert len(after["responses"]) == len(before["responses"]) + 1
        else:
            assert response.status_code in (400, 413), response.status_code
            assert rows == [] and after == before
        return response


def field_errors(response) -> list[str]:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [li.get_text() for li in soup.select(".errors li")]


@SETTINGS
@given(post=posts)
def test_arbitrary_form_posts(template, post):
    data = [(k, v) for k, vs in post.items() for v in vs]
    data.append(("csrf_token", template.survey_csrf))

    def send(client):
        from werkzeug.datastructures import MultiDict

        return client.post(template.survey_url, data=MultiDict(data))

    response = check_post_outcome(template, send)
    if response.status_code == 400:
        assert field_errors(response), "a 400 without a message beside any field"


@SETTINGS
@given(nps=st.sampled_from(GOOD["nps"]), sat=st.sampled_from(GOOD["satisfaction"]),
       text=st.one_of(odd_text, huge_text), interests=st.lists(st.sampled_from(GOOD["interests"])))
def test_complete_answers_are_stored_once_or_the_field_is_marked(template, nps, sat, text, interests):
    data = [("nps", nps), ("satisfaction", sat), ("comment", text), ("csrf_token", template.survey_csrf)]
    data += [("interests", i) for i in interests]

    def send(client):
        from werkzeug.datastructures import MultiDict

        return client.post(template.survey_url, data=MultiDict(data))

    response = check_post_outcome(template, send)
    if response.status_code == 302:
        assert len(text) <= 2000 and "maintenance" not in interests
    elif response.status_code == 400:
        assert len(text) > 2000 or "maintenance" in interests, field_errors(response)
        assert field_errors(response)


@SETTINGS
@given(raw=st.binary(max_size=400), content_type=st.sampled_from([
    "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=shift_jis",
    "multipart/form-data", "multipart/form-data; boundary=xyz", "application/json", "text/plain",
    "application/octet-stream", ""]), prefix=st.booleans())
def test_raw_bodies_and_wrong_content_types(template, raw, content_type, prefix):
    body = raw
    if prefix:
        body = (b"csrf_token=" + quote_from_bytes(template.survey_csrf.encode()).encode()
                + b"&nps=9&satisfaction=4&comment=" + raw)

    def send(client):
        return client.post(template.survey_url, data=body, content_type=content_type)

    check_post_outcome(template, send)
