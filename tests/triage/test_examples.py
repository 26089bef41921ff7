"""The spec's examples must come out exactly as triage.expected.jsonl says."""

from helpers import EXAMPLES, demo_triager, jsonl


def test_examples_reproduce_expected_triage():
    accounts = {a["id"]: a for a in jsonl(EXAMPLES / "accounts.jsonl")}
    expected = {e["response"]: e for e in jsonl(EXAMPLES / "triage.expected.jsonl")}
    for resp in jsonl(EXAMPLES / "responses.jsonl"):
        got = demo_triager().triage(resp, accounts.get(resp["account"])).to_export()
        want = expected[resp["id"]]
        assert got["category"] == want["category"], (resp["id"], got)
        assert {(o["kind"], o["item"]) for o in got["opportunities"]} == {
            (o["kind"], o["item"]) for o in want.get("opportunities", [])
        }, (resp["id"], got)


def test_export_has_exactly_the_public_keys():
    resp = jsonl(EXAMPLES / "responses.jsonl")[0]
    acc = jsonl(EXAMPLES / "accounts.jsonl")[0]
    line = demo_triager().triage(resp, acc).to_export(overridden_by="lead@example.com")
    assert list(line) == ["response", "account", "category", "approach", "opportunities",
                          "findings", "reasons", "overridden_by"]
    assert line["overridden_by"] == "lead@example.com"
    assert set(line["opportunities"][0]) == {"kind", "item", "held", "reasons"}
    assert set(line["findings"][0]) == {"kind", "text", "item"}
    assert line["findings"][0]["text"] == resp["answers"]["blocked_need"]
    assert line["approach"] == "proactive"
