"""Triage inside the app: on arrival, `triage run/export/evaluate`, overrides, release on resolve."""

from __future__ import annotations

import json

import pytest
from app_helpers import DATA, DEMO, csrf_token
from bs4 import BeautifulSoup

from webapp.complaints import set_complaint_status

EXPECTED = DEMO / "triage.expected.jsonl"  # tests/data/spec_examples: a copy of shared/spec/examples


def export(runner, tmp_path) -> dict[str, dict]:
    out = tmp_path / "triage.jsonl"
    result = runner.invoke(args=["triage", "export", str(out)])
    assert result.exit_code == 0, result.output
    return {line["response"]: line for line in map(json.loads, out.read_text("utf-8").splitlines())}


def test_imported_responses_are_triaged_on_arrival(demo, db):
    assert db.execute("SELECT count(*) FROM triage").fetchone()[0] == 4
    assert db.execute("SELECT count(*) FROM responses WHERE triaged_at IS NULL").fetchone()[0] == 0


def test_export_matches_the_spec_examples(demo, runner, tmp_path):
    lines = export(runner, tmp_path)
    for want in map(json.loads, EXPECTED.read_text("utf-8").splitlines()):
        got = lines[want["response"]]
        assert got["category"] == want["category"], got
        assert set(got) >= {
            "response",
            "account",
            "category",
            "approach",
            "opportunities",
            "findings",
            "reasons",
            "overridden_by",
        }
        for opp in want.get("opportunities", []):
            assert {"kind": opp["kind"], "item": opp["item"]} in [
                {"kind": o["kind"], "item": o["item"]} for o in got["opportunities"]
            ]


def test_export_to_stdout(demo, runner):
    result = runner.invoke(args=["triage", "export", "-"])
    assert result.exit_code == 0
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert len(lines) == 4


def test_run_all_keeps_the_human_override(demo, runner, db, tmp_path, login, client):
    login("admin")
    page = client.get("/triage/r/r-0004").get_data(as_text=True)
    response = client.post(
        "/triage/r/r-0004",
        data={"csrf_token": csrf_token(page), "category": "ready", "comment": "They asked for a call"},
    )
    assert response.status_code == 302
    assert runner.invoke(args=["triage", "run", "--all"]).exit_code == 0
    line = export(runner, tmp_path)["r-0004"]
    assert line["category"] == "ready" and line["overridden_by"] == "admin@example.com"
    row = db["overrides"].get("r-0004")
    assert row["comment"] == "They asked for a call" and row["created_at"]
    assert db["triage"].get("r-0004")["auto_category"] == "cannot_address_now"


def test_resolving_a_complaint_releases_its_held_opportunities(demo, db, runner, tmp_path):
    (tmp_path / "r.jsonl").write_text(
        json.dumps(
            {
                "id": "held-1",
                "account": "sakura-seiki",
                "lang": "ja",
                "answers": {
                    "nps": 8,
                    "comment": "先週から請求書の金額が間違っていて困っています。",
                    "blocked_need": "外貨建ての取引を処理できません。",
                },
            },
            ensure_ascii=False,
        ),
        "utf-8",
    )
    assert runner.invoke(args=["responses", "import", str(tmp_path / "r.jsonl")]).exit_code == 0
    line = export(runner, tmp_path)["held-1"]
    assert line["category"] == "complaint"
    assert line["opportunities"] and all(o["held"] for o in line["opportunities"])
    set_complaint_status(db, "held-1", "resolved", "refund issued", "product@example.com")
    line = export(runner, tmp_path)["held-1"]
    assert line["category"] == "ready"
    assert not any(o["held"] for o in line["opportunities"])
    assert db["complaints"].get("held-1")["status"] == "resolved"


def test_response_page_highlights_sentences_and_gives_reasons(demo, login, client):
    login("rep")
    page = BeautifulSoup(client.get("/triage/r/r-0002").data, "html.parser")
    marks = page.select("mark.complaint")
    assert marks and "遅く" in marks[0].get_text()
    assert page.select_one(".badge.complaint") is not None
    assert page.select("ul.reasons li")


def test_rep_sees_only_own_accounts_in_queues_and_details(demo, login, client):
    login("rep2")  # owns northwind only
    assert client.get("/triage/r/r-0001").status_code == 404
    assert client.get("/triage/r/r-0004").status_code == 200
    page = BeautifulSoup(client.get("/triage/?category=ready").data, "html.parser")
    assert "r-0001" not in page.get_text()


def test_queue_filters_by_owner_product_and_date(demo, login, client):
    login("admin")
    page = BeautifulSoup(client.get("/triage/?category=ready&product=inventory").data, "html.parser")
    ids = [a.get_text() for a in page.select("tbody a")]
    assert ids == ["r-0003"]
    page = BeautifulSoup(
        client.get("/triage/?category=ready&since=2026-11-02&until=2026-11-02").data, "html.parser"
    )
    assert [a.get_text() for a in page.select("tbody a")] == []
    assert client.get("/triage/?category=bogus").status_code == 404
    assert client.get("/triage/?category=ready&since=not-a-date").status_code == 200


def test_evaluate_prints_macro_f1(demo, runner, tmp_path):
    labels = tmp_path / "labels.jsonl"
    labels.write_text(EXPECTED.read_text("utf-8"), "utf-8")
    result = runner.invoke(args=["triage", "evaluate", str(labels)])
    assert result.exit_code == 0, result.output
    assert "macro" in result.output.lower() and "1.000" in result.output


@pytest.mark.slow
def test_dev_set_through_the_public_commands(app, runner, tmp_path):
    """The labelled dev set via import → triage → export, as the held-out check does it."""
    (tmp_path / "labels").mkdir()
    scores = []
    for prefix, catalog in (("d-", DEMO / "catalog.yaml"), ("h-", DATA / "catalog_hr.yaml")):
        with app.app_context():
            from webapp.db import get_db

            db = get_db()
            for table in (
                "triage",
                "findings",
                "opportunities",
                "complaints",
                "responses",
                "subscriptions",
                "accounts",
            ):
                db.execute(f"DELETE FROM {table}")
            db.conn.commit()
        accounts = [
            line
            for line in (DATA / "accounts_dev.jsonl").read_text("utf-8").splitlines()
            if json.loads(line)["id"].startswith(prefix)
        ]
        ids = {json.loads(line)["id"] for line in accounts}
        responses = [
            line
            for line in (DATA / "responses_dev.jsonl").read_text("utf-8").splitlines()
            if line.strip() and json.loads(line)["account"] in ids
        ]
        (tmp_path / f"{prefix}a.jsonl").write_text("\n".join(accounts), "utf-8")
        (tmp_path / f"{prefix}r.jsonl").write_text("\n".join(responses), "utf-8")
        for args in (
            ["catalog", "import", str(catalog)],
            ["accounts", "import", str(tmp_path / f"{prefix}a.jsonl")],
            ["responses", "import", str(tmp_path / f"{prefix}r.jsonl")],
            ["triage", "run"],
        ):
            result = runner.invoke(args=args)
            assert result.exit_code == 0, result.output
        got = export(runner, tmp_path)
        labels = {
            json.loads(line)["response"]: json.loads(line)
            for line in (DATA / "labels_dev.jsonl").read_text("utf-8").splitlines()
            if line.strip()
        }
        scores += [(got[r]["category"], labels[r]["category"]) for r in got]
    accuracy = sum(a == b for a, b in scores) / len(scores)
    assert len(scores) >= 100 and accuracy >= 0.85, accuracy
