"""Every importer, through the CLI and the admin upload page, against hostile files.

Properties: exit 0 / 302 with exactly the valid records stored, or a non-zero exit / 400
with messages naming the file (and line and field) and the database untouched; never a
traceback and never a 5xx.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from prop_helpers import assert_clean_failure_text, query, run_cli, snapshot, upload
from prop_strategies import (
    any_value,
    catalog_docs,
    csv_text,
    encode,
    encodings,
    json_lines,
    line_ends,
    odd_text,
    yaml_text,
)

from webapp.catalog import Catalog
from webapp.importing import parse_accounts, parse_responses
from webapp.importing.accounts import CSV_COLUMNS
from webapp.importing.fields import BAD_CHARS_RE
from webapp.importing.responses import TOP_FIELDS

SETTINGS = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
DOORS = ["cli", "upload"]
DEMO_ACCOUNTS = ["sakura-seiki", "minato-trading", "northwind"]
ANSWER_KEYS = ["nps", "satisfaction", "blocked_need", "future_need", "comment", "interests", "department"]


def demo_accounts(app) -> list[str]:
    return [r["id"] for r in query(app, "SELECT id FROM accounts ORDER BY id")]


def run_import(template, app, door: str, kind: str, name: str, data: bytes):
    """Import through one door; returns (ok, display name, text shown to the user)."""
    if door == "cli":
        path = app.config["OUTPUT_DIR"].rsplit("/", 1)[0] + "/" + name
        with open(path, "wb") as fh:
            fh.write(data)
        result = run_cli(app, kind, path)
        return result.exit_code == 0, path, result.output
    status, problems = upload(app, template, kind, name, data)
    assert status in (302, 400), status
    return status == 302, name, "\n".join(problems)


def check_import(template, door: str, kind: str, name: str, data: bytes, on_success):
    """The shared property: a clean failure leaves every table as it was; a success is
    checked by `on_success(app, before, after)`. Returns (ok, display name, text)."""
    with template.fresh_app() as app:
        before = snapshot(app)
        ok, display, text = run_import(template, app, door, kind, name, data)
        after = snapshot(app)
        if ok:
            on_success(app, data, name, before, after)
        else:
            assert after == before, "a failed import changed the database"
            assert_clean_failure_text(text, display)
        return ok, display, text


def unchanged_except(before, after, *tables):
    for table in before:
        if table not in tables:
            assert before[table] == after[table], f"{table} changed"


# --- success checks: the database holds exactly what the validator accepted ------------


def accounts_stored(app, data, name, before, after):
    expected = parse_accounts(data, name, Catalog(json.loads(query(app, "SELECT data FROM catalog")[0][0])))
    unchanged_except(before, after, "accounts", "subscriptions")
    ids = {a["id"] for a in expected}
    old = {row[0] for row in before["accounts"]}
    assert len(after["accounts"]) == len(old | ids)
    for account in expected:
        row = query(app, "SELECT * FROM accounts WHERE id = ?", [account["id"]])[0]
        for key, value in account.items():
            if key not in ("subscriptions", "hourly_cost"):
                assert row[key] == value, (key, row[key], value)
        subs = [
            dict(r)
            for r in query(
                app,
                "SELECT product, plan, seats_used FROM subscriptions WHERE account = ? ORDER BY product",
                [account["id"]],
            )
        ]
        assert subs == sorted(account["subscriptions"], key=lambda s: s["product"])
    keep = [r for r in before["accounts"] if r[0] not in ids]
    assert all(r in after["accounts"] for r in keep)


def responses_stored(app, data, name, before, after):
    accounts = {r["id"]: r["lang"] for r in query(app, "SELECT id, lang FROM accounts")}
    records = parse_responses(
        data, name, Catalog(json.loads(query(app, "SELECT data FROM catalog")[0][0])), accounts, {"csat"}
    )
    old = {row[0] for row in before["responses"]}
    new = [r for r in records if r["id"] not in old]
    assert all(r in after["responses"] for r in before["responses"])
    assert len(after["responses"]) == len(before["responses"]) + len(new)
    for record in new:
        row = query(app, "SELECT * FROM responses WHERE id = ?", [record["id"]])[0]
        assert json.loads(row["answers"]) == record["answers"]
        assert (row["account"], row["survey"], row["lang"]) == (
            record["account"],
            record["survey"],
            record["lang"],
        )
    assert len(after["triage"]) == len(before["triage"]) + len(new)
    for table in ("catalog", "accounts", "subscriptions", "invitations"):
        assert before[table] == after[table]


def catalog_stored(app, data, name, before, after):
    from webapp.importing import parse_catalog

    expected = parse_catalog(data, name)
    stored = json.loads(query(app, "SELECT data FROM catalog")[0][0])
    assert stored == json.loads(json.dumps(expected))
    unchanged_except(before, after, "catalog")


STORED = {"accounts": accounts_stored, "responses": responses_stored, "catalog": catalog_stored}


# --- arbitrary bytes -----------------------------------------------------------------


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize(
    "kind, name",
    [
        ("catalog", "catalog.yaml"),
        ("accounts", "accounts.jsonl"),
        ("accounts", "accounts.csv"),
        ("responses", "responses.jsonl"),
        ("responses", "responses.csv"),
    ],
)
@SETTINGS
@given(
    data=st.one_of(st.binary(max_size=300), st.builds(lambda b, enc: encode(b, enc), odd_text, encodings()))
)
def test_arbitrary_bytes(template, door, kind, name, data):
    check_import(template, door, kind, name, data, STORED[kind])


@pytest.mark.parametrize("door", DOORS)
@SETTINGS
@given(
    name=st.one_of(
        st.sampled_from(["x.txt", "x", ".jsonl", "x.JSONL", "x.tsv", "x.ndjson", "x.jsonl.exe"]),
        odd_text.map(lambda s: "f" + s[:20]),
    ),
    kind=st.sampled_from(["accounts", "responses"]),
)
def test_any_file_name(template, door, name, kind):
    assume("/" not in name and "\x00" not in name and "\\" not in name)
    assume(name.isprintable() and name == name.strip() and not set(name) & set('"%;\\'))
    check_import(template, door, kind, name, b'{"id": "x"}\n', STORED[kind])


# --- JSON lines with random types ----------------------------------------------------

ACCOUNT_VALID = {
    "id": st.from_regex(r"[a-z0-9-]{1,20}", fullmatch=True) | st.sampled_from(DEMO_ACCOUNTS),
    "name": odd_text,
    "lang": st.sampled_from(["ja", "en"]),
    "employees": st.integers(0, 10**4),
    "subscriptions": st.lists(
        st.fixed_dictionaries(
            {
                "product": st.sampled_from(["accounting", "inventory", "nope"]),
                "plan": st.sampled_from(["accounting-light", "accounting-standard", "inventory-standard"]),
                "seats_used": st.one_of(st.integers(-5, 100), any_value),
            }
        ),
        max_size=3,
    ),
}
ACCOUNT_FIELDS = CSV_COLUMNS[:9] + ["subscriptions", "hourly_cost"]

RESPONSE_VALID = {
    "id": st.from_regex(r"r-[a-z0-9]{1,10}", fullmatch=True) | st.just("r-0001"),
    "account": st.sampled_from(DEMO_ACCOUNTS + ["nobody"]),
    "survey": st.sampled_from(["csat", "other"]),
    "lang": st.sampled_from(["ja", "en", "fr"]),
    "submitted_at": st.sampled_from(["2026-11-01T10:00:00+09:00", "2026-11-01", "yesterday"]),
    "contact_email": st.sampled_from(["taro@acme.example", "not-an-email"]),
    "answers": st.fixed_dictionaries(
        {},
        optional={
            "nps": st.integers(-1, 11) | any_value,
            "satisfaction": st.integers(0, 6) | any_value,
            "blocked_need": odd_text | any_value,
            "comment": odd_text | any_value,
            "interests": st.lists(st.sampled_from(["onboarding-training", "premium-support", "x"]))
            | any_value,
            "free question": any_value,
        },
    ),
}


@pytest.mark.parametrize("door", DOORS)
@SETTINGS
@given(text=json_lines(ACCOUNT_FIELDS, ACCOUNT_VALID), encoding=encodings())
def test_accounts_jsonl_random_types(template, door, text, encoding):
    check_import(template, door, "accounts", "accounts.jsonl", encode(text, encoding), accounts_stored)


@pytest.mark.parametrize("door", DOORS)
@SETTINGS
@given(text=json_lines(list(TOP_FIELDS) + ["answers"], RESPONSE_VALID), encoding=encodings())
def test_responses_jsonl_random_types(template, door, text, encoding):
    check_import(template, door, "responses", "responses.jsonl", encode(text, encoding), responses_stored)


# --- CSV: random cells, columns, quotes, BOMs, Shift_JIS, line ends -------------------

ACCOUNT_CSV_VALID = {k: v for k, v in ACCOUNT_VALID.items() if k != "subscriptions"} | {
    "product": st.sampled_from(["accounting", "inventory"]),
    "plan": st.sampled_from(["accounting-light", "inventory-standard"]),
    "seats_used": st.integers(0, 50).map(str),
    "employees": st.integers(0, 50).map(str),
}
RESPONSE_CSV_VALID = {k: v for k, v in RESPONSE_VALID.items() if k != "answers"} | {
    "nps": st.integers(0, 10).map(str),
    "satisfaction": st.integers(1, 5).map(str),
    "interests": st.sampled_from(["onboarding-training", "premium-support;onboarding-training"]),
}


@pytest.mark.parametrize("door", DOORS)
@SETTINGS
@given(text=csv_text(CSV_COLUMNS, ACCOUNT_CSV_VALID), encoding=encodings())
def test_accounts_csv_random_cells(template, door, text, encoding):
    check_import(template, door, "accounts", "accounts.csv", encode(text, encoding), accounts_stored)


@pytest.mark.parametrize("door", DOORS)
@SETTINGS
@given(text=csv_text(list(TOP_FIELDS) + ANSWER_KEYS, RESPONSE_CSV_VALID), encoding=encodings())
def test_responses_csv_random_cells(template, door, text, encoding):
    check_import(template, door, "responses", "responses.csv", encode(text, encoding), responses_stored)


# --- YAML catalogs: random structures, anchors, tags, huge documents -----------------


@pytest.mark.parametrize("door", DOORS)
@SETTINGS
@given(text=yaml_text(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp932"]))
def test_catalog_random_yaml(template, door, text, encoding):
    ok, _display, text_shown = check_import(
        template, door, "catalog", "catalog.yaml", encode(text, encoding), catalog_stored
    )
    if "!!python" in text:
        assert not ok


# --- valid files with hostile text are stored exactly; one bad record spoils the file --

safe_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=60
).filter(lambda s: s.strip() and not BAD_CHARS_RE.search(s))
csv_safe_text = safe_text.filter(lambda s: not re.search(r"[\r\n\x85\u2028\u2029\x1c-\x1e]", s))


def _account_record(i: int, name: str, seats: int) -> dict:
    return {
        "id": f"acct-{i}",
        "name": name,
        "lang": "en" if i % 2 else "ja",
        "employees": i,
        "subscriptions": [{"product": "accounting", "plan": "accounting-light", "seats_used": seats}],
    }


BAD_ACCOUNT_FIELDS = [
    ("id", "has space"),
    ("name", None),
    ("name", "x" * 201),
    ("name", "a\x00b"),
    ("name", ["list"]),
    ("employees", -1),
    ("employees", "１２x"),
    ("employees", 1.5),
    ("lang", "fr"),
    ("owner", "nobody"),
    ("renewal_date", "2027-02-30"),
    ("mrr", True),
    ("subscriptions", "accounting"),
    ("subscriptions[0].product", "nope"),
    ("subscriptions[0].plan", "inventory-standard"),
    ("subscriptions[0].seats_used", -3),
]


@pytest.mark.parametrize("door", DOORS)
@SETTINGS
@given(
    names=st.lists(safe_text, min_size=1, max_size=4),
    ends=line_ends(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp932"]),
    data=st.data(),
)
def test_accounts_valid_jsonl_stored_exactly_or_one_bad_record_spoils_it(
    template, door, names, ends, encoding, data
):
    if encoding == "cp932":
        names = [n for n in names if n.encode("cp932", "ignore").decode("cp932") == n] or ["楓"]
    records = [_account_record(i, n, i) for i, n in enumerate(names)]
    text = ends.join(json.dumps(r, ensure_ascii=False) for r in records) + ends
    ok, _, _ = check_import(
        template, door, "accounts", "accounts.jsonl", encode(text, encoding), accounts_stored
    )
    assert ok
    with template.fresh_app() as app:
        run_import(template, app, door, "accounts", "accounts.jsonl", encode(text, encoding))
        for record in records:
            row = query(app, "SELECT name, employees FROM accounts WHERE id = ?", [record["id"]])[0]
            assert (row["name"], row["employees"]) == (record["name"].strip(), record["employees"])

    field, value = data.draw(st.sampled_from(BAD_ACCOUNT_FIELDS))
    position = data.draw(st.integers(0, len(records) - 1))
    bad = records[position]
    if field.startswith("subscriptions[0]."):
        bad["subscriptions"][0][field.rsplit(".", 1)[1]] = value
    else:
        bad[field] = value
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    ok, display, shown = check_import(
        template, door, "accounts", "accounts.jsonl", text.encode(), accounts_stored
    )
    assert not ok
    assert f"{display}:{position + 1} [{field}]" in shown, shown


BAD_RESPONSE_FIELDS = [
    ("id", ""),
    ("id", {"a": 1}),
    ("account", "nobody"),
    ("survey", ["csat"]),
    ("lang", 3),
    ("submitted_at", "2026-13-01"),
    ("contact_email", "a b@c"),
    ("answers", []),
    ("answers", {}),
    ("answers.nps", 11),
    ("answers.nps", "9.5"),
    ("answers.satisfaction", 0),
    ("answers.interests", ["no-such-option"]),
    ("answers.interests", [1]),
    ("answers.comment", "x" * 5001),
    ("answers.comment", "\x07bell"),
    ("answers.blocked_need", {"a": 1}),
]


@pytest.mark.parametrize("door", DOORS)
@SETTINGS
@given(texts=st.lists(safe_text, min_size=1, max_size=4), data=st.data())
def test_responses_valid_jsonl_stored_exactly_or_one_bad_record_spoils_it(template, door, texts, data):
    records = [
        {
            "id": f"p-{i}",
            "account": DEMO_ACCOUNTS[i % 3],
            "submitted_at": "2026-11-01T10:00:00+09:00",
            "answers": {"nps": i % 11, "satisfaction": 1 + i % 5, "comment": t},
        }
        for i, t in enumerate(texts)
    ]
    text = "\n".join(json.dumps(r, ensure_ascii=data.draw(st.booleans())) for r in records)
    ok, _, _ = check_import(template, door, "responses", "responses.jsonl", text.encode(), responses_stored)
    assert ok

    field, value = data.draw(st.sampled_from(BAD_RESPONSE_FIELDS))
    position = data.draw(st.integers(0, len(records) - 1))
    if field.startswith("answers."):
        records[position]["answers"][field.split(".", 1)[1]] = value
    else:
        records[position][field] = value
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    ok, display, shown = check_import(
        template, door, "responses", "responses.jsonl", text.encode(), responses_stored
    )
    assert not ok
    assert (
        f"{display}:{position + 1} [{field if field != 'answers.comment' or value[0] != chr(7) else field}]"
        in shown
    ), shown


@pytest.mark.parametrize("door", DOORS)
@SETTINGS
@given(
    rows=st.lists(st.tuples(csv_safe_text, st.integers(0, 10)), min_size=1, max_size=4),
    ends=line_ends(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp932"]),
    tabs=st.booleans(),
    data=st.data(),
)
def test_responses_valid_csv_stored_exactly_or_one_bad_cell_spoils_it(
    template, door, rows, ends, encoding, tabs, data
):
    if encoding == "cp932":
        rows = [(t, n) for t, n in rows if t.encode("cp932", "ignore").decode("cp932") == t] or [("外貨", 3)]
    import csv
    import io

    def render(cells):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="\t" if tabs else ",", lineterminator=ends)
        writer.writerow(["id", "account", "nps", "comment", "interests"])
        writer.writerows(cells)
        return buf.getvalue()

    cells = [
        [f"c-{i}", "sakura-seiki", str(n), t, "onboarding-training;premium-support"]
        for i, (t, n) in enumerate(rows)
    ]
    ok, _, _ = check_import(
        template, door, "responses", "responses.csv", encode(render(cells), encoding), responses_stored
    )
    assert ok
    position = data.draw(st.integers(0, len(cells) - 1))
    column, value = data.draw(st.sampled_from([(2, "11"), (2, "九"), (1, "nobody"), (4, "x;y")]))
    cells[position][column] = value
    ok, display, shown = check_import(
        template, door, "responses", "responses.csv", encode(render(cells), encoding), responses_stored
    )
    assert not ok
    field = {2: "answers.nps", 1: "account", 4: "answers.interests"}[column]
    assert f"{display}:{position + 2} [{field}]" in shown, shown


@pytest.mark.parametrize("door", DOORS)
@SETTINGS
@given(doc=catalog_docs())
def test_catalog_documents_stored_exactly_or_refused(template, door, doc):
    import yaml

    check_import(
        template,
        door,
        "catalog",
        "catalog.yaml",
        yaml.safe_dump(doc, allow_unicode=True).encode(),
        catalog_stored,
    )
