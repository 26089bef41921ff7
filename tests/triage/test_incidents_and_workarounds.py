"""Round-four mechanisms, checked on the HR catalog (not the set they were found on):
a failure told as a past event is a complaint when it is about what the customer has;
a workaround told as routine is still a need; a product they lack is cross-sold only if
nothing they own covers the ask as well."""

from __future__ import annotations

import json
from functools import lru_cache

import pytest
import yaml
from devset import DATA

from webapp.triage import Triager


@lru_cache(maxsize=1)
def _hr() -> Triager:
    return Triager(yaml.safe_load((DATA / "catalog_hr.yaml").read_text(encoding="utf-8")))


def _account(account_id: str) -> dict:
    for line in (DATA / "accounts_dev.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip() and json.loads(line)["id"] == account_id:
            return json.loads(line)
    raise KeyError(account_id)


def _category(role: str, text: str, account_id: str = "h-asahi-clinic") -> str:
    acc = _account(account_id)
    decision = _hr().triage({"id": "t", "account": acc["id"],
                             "answers": {"nps": 8, "satisfaction": 4, role: text}}, acc)
    return decision.category


@pytest.mark.parametrize("text", [
    "The payroll run didn't finish last Friday and we had to pay people two days late.",
    "It took two weeks to hear back from support about our question.",
    "サポートからの返信が一週間後でした。",
    "先月、給与計算が途中で止まりました。",
    "月末に勤怠の集計が終わりませんでした。",
])
def test_a_failure_told_as_a_fact_is_a_complaint(text):
    assert _category("comment", text) == "complaint"


@pytest.mark.parametrize("text", [
    "Our managers didn't finish the appraisals on time this year.",
    "Staff didn't turn up for their shifts twice last month.",
])
def test_people_failing_is_no_product_complaint(text):
    assert _category("comment", text) != "complaint"


def test_a_need_met_by_the_current_plan_told_as_a_paper_routine():
    # shift-scheduling is in attendance-pro, which the clinic has
    text = "看護師さんたちは勤務の希望を紙に書いて、師長が一人ずつ電話で確認しています。"
    assert _category("blocked_need", text) == "no_action"
