"""Every import format, good and bad, through the CLI; a bad file leaves nothing behind."""

from __future__ import annotations

import json

import pytest
from app_helpers import DEMO


def counts(db) -> dict:
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("catalog", "accounts", "subscriptions", "responses")}


def test_demo_files_import(demo, db):
    assert counts(db) == {"catalog": 1, "accounts": 3, "subscriptions": 3, "responses": 4}
    row = db["accounts"].get("sakura-seiki")
    assert row["name"] == "さくら精機株式会社" and row["mrr"] == 30000


def test_catalog_import_replaces_previous(demo, runner, db, tmp_path):
    small = tmp_path / "small.yaml"
    small.write_text("currency: USD\nproducts:\n  - id: one\n    name: One\n    plans:\n"
                     "      - {id: one-basic, name: Basic, monthly_price: 10}\n", encoding="utf-8")
    result = runner.invoke(args=["catalog", "import", str(small)])
    assert result.exit_code == 0, result.output
    assert json.loads(db["catalog"].get(1)["data"])["currency"] == "USD"


@pytest.mark.parametrize("body, line, field", [
    ("products:\n  - id: Bad Id\n    name: x\n    plans: [{id: p, name: P, monthly_price: 1}]\n", 2, "id"),
    ("products:\n  - id: a\n    name: A\n    plans:\n      - {id: a1, name: A1, monthly_price: -5}\n",
     5, "monthly_price"),
    ("products:\n  - id: a\n    name: A\n    plans:\n      - {id: a1, name: A1, monthly_price: 5,"
     " features: [nope]}\n", 5, "features"),
    ("products: [\n", None, None),
])
def test_bad_catalog_names_file_line_field_and_keeps_old(demo, runner, db, tmp_path, body, line, field):
    before = db["catalog"].get(1)["data"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(body, encoding="utf-8")
    result = runner.invoke(args=["catalog", "import", str(bad)])
    assert result.exit_code != 0
    assert "bad.yaml" in result.output
    if line:
        assert f"bad.yaml:{line}" in result.output
    if field:
        assert field in result.output
    assert db["catalog"].get(1)["data"] == before


def test_accounts_csv_one_subscription_per_row_upserts(demo, runner, db, tmp_path):
    csv_file = tmp_path / "accounts.csv"
    csv_file.write_text(
        "id,name,industry,employees,owner,lang,mrr,departments,renewal_date,product,plan,seats_used\n"
        "sakura-seiki,さくら精機株式会社,manufacturing,330,rep@example.com,ja,90000,6,2027-02-28,"
        "accounting,accounting-light,10\n"
        "sakura-seiki,さくら精機株式会社,manufacturing,330,rep@example.com,ja,90000,6,2027-02-28,"
        "inventory,inventory-standard,5\n"
        "new-co,New Co,retail,12,rep2@example.com,en,50000,1,,inventory,inventory-standard,3\n",
        encoding="utf-8")
    result = runner.invoke(args=["accounts", "import", str(csv_file)])
    assert result.exit_code == 0, result.output
    assert db["accounts"].get("sakura-seiki")["employees"] == 330
    subs = {r["product"]: r["seats_used"] for r in db.query(
        "SELECT * FROM subscriptions WHERE account = 'sakura-seiki'")}
    assert subs == {"accounting": 10, "inventory": 5}
    assert db["accounts"].get("new-co")["lang"] == "en"


def test_accounts_csv_in_shift_jis_is_read(demo, runner, db, tmp_path):
    csv_file = tmp_path / "sjis.csv"
    csv_file.write_bytes("id,name,lang\nkaede,楓商店,ja\n".encode("cp932"))
    result = runner.invoke(args=["accounts", "import", str(csv_file)])
    assert result.exit_code == 0, result.output
    assert db["accounts"].get("kaede")["name"] == "楓商店"


@pytest.mark.parametrize("line2, field", [
    ('{"id": "x", "name": "X", "employees": "many"}', "employees"),
    ('{"id": "x", "name": "X", "lang": "fr"}', "lang"),
    ('{"id": "x", "name": "X", "subscriptions": [{"product": "nope", "plan": null}]}',
     "subscriptions[0].product"),
    ('{"id": "x", "name": "X", "subscriptions": [{"product": "accounting", "plan": "inventory-pro"}]}',
     "subscriptions[0].plan"),
    ('{"id": "x", "name": "X", "renewal_date": "next year"}', "renewal_date"),
    ('{"id": "x"', None),
])
def test_bad_accounts_file_stores_nothing(demo, runner, db, tmp_path, line2, field):
    before = counts(db)
    bad = tmp_path / "accounts.jsonl"
    bad.write_text('{"id": "fine", "name": "Fine"}\n' + line2 + "\n", encoding="utf-8")
    result = runner.invoke(args=["accounts", "import", str(bad)])
    assert result.exit_code != 0
    assert "accounts.jsonl:2" in result.output
    if field:
        assert field in result.output
    assert counts(db) == before
    assert db["accounts"].count_where("id = 'fine'") == 0


def test_responses_import_skips_ids_already_present(demo, runner, db):
    result = runner.invoke(args=["responses", "import", str(DEMO / "responses.jsonl")])
    assert result.exit_code == 0, result.output
    assert "0 responses imported, 4 skipped" in result.output
    assert counts(db)["responses"] == 4


def test_responses_csv_with_interests(demo, runner, db, tmp_path):
    csv_file = tmp_path / "phone.csv"
    csv_file.write_text(
        "id,account,survey,lang,submitted_at,contact_email,nps,satisfaction,blocked_need,"
        "future_need,comment,interests\n"
        "p-1,northwind,,en,2026-11-05T09:00:00+00:00,a@nw.example,9,4,,,"
        "\"Fine, thanks\",premium-support;onboarding-training\n", encoding="utf-8")
    result = runner.invoke(args=["responses", "import", str(csv_file)])
    assert result.exit_code == 0, result.output
    row = db["responses"].get("p-1")
    answers = json.loads(row["answers"])
    assert answers["interests"] == ["premium-support", "onboarding-training"]
    assert answers["nps"] == 9 and row["survey"] == "csat"


@pytest.mark.parametrize("record, field", [
    ({"id": "z1", "account": "ghost", "answers": {"nps": 5}}, "account"),
    ({"id": "z1", "account": "northwind", "answers": {"nps": 11}}, "answers.nps"),
    ({"id": "z1", "account": "northwind", "answers": {"satisfaction": 0}}, "answers.satisfaction"),
    ({"id": "z1", "account": "northwind", "answers": {}}, "answers"),
    ({"id": "z1", "account": "northwind", "answers": {"interests": ["warp-drive"]}}, "answers.interests"),
    ({"id": "z1", "account": "northwind", "survey": "nope", "answers": {"nps": 5}}, "survey"),
    ({"id": "z1", "account": "northwind", "submitted_at": "yesterday", "answers": {"nps": 5}},
     "submitted_at"),
    ({"account": "northwind", "answers": {"nps": 5}}, "id"),
])
def test_bad_response_stores_nothing(demo, runner, db, tmp_path, record, field):
    before = counts(db)
    bad = tmp_path / "r.jsonl"
    good = {"id": "ok-1", "account": "northwind", "answers": {"nps": 9}}
    bad.write_text(json.dumps(good) + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    result = runner.invoke(args=["responses", "import", str(bad)])
    assert result.exit_code != 0
    assert "r.jsonl:2" in result.output and field in result.output
    assert counts(db) == before


def test_unknown_extension_and_missing_file_are_clear(demo, runner, tmp_path):
    odd = tmp_path / "accounts.xlsx"
    odd.write_bytes(b"PK\x03\x04")
    result = runner.invoke(args=["accounts", "import", str(odd)])
    assert result.exit_code != 0 and "accounts.xlsx" in result.output
    result = runner.invoke(args=["accounts", "import", str(tmp_path / "missing.jsonl")])
    assert result.exit_code != 0 and "missing.jsonl" in result.output


def test_binary_garbage_is_refused(demo, runner, db, tmp_path):
    junk = tmp_path / "junk.jsonl"
    junk.write_bytes(b"\x00\xff\xfe\x00garbage")
    result = runner.invoke(args=["responses", "import", str(junk)])
    assert result.exit_code != 0 and "junk.jsonl" in result.output
