"""Report CSVs open in Excel in Japanese and cannot run formulas."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator

import pytest

from webapp.reports.csv_export import BOM, iter_csv, neutralise, write_csv

COLUMNS = ["response", "account", "text", "mrr", "delta"]
ROWS = [
    {
        "response": "r1",
        "account": "株式会社アクメ",
        "text": "スマホでオフラインでも使いたい",
        "mrr": 120000,
        "delta": -3,
    },
    {"response": "r2", "account": "Beta", "text": "=cmd|' /C calc'!A0", "mrr": 0, "delta": -1.5},
    {"response": "r3", "account": "@SUM(A1)", "text": "-2+3", "mrr": None, "delta": "+1"},
    {"response": "r4", "account": "\tTab", "text": "＝１＋１", "mrr": 5, "extra": "ignored"},
]


def read_back(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM.encode("utf-8"))
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def test_file_has_bom_crlf_and_japanese_intact(tmp_path):
    path = tmp_path / "out" / "needs.csv"
    assert write_csv(ROWS, COLUMNS, path) == 4
    data = path.read_bytes()
    rows = read_back(data)
    assert rows[0] == COLUMNS
    assert rows[1][1:3] == ["株式会社アクメ", "スマホでオフラインでも使いたい"]
    assert data.count(b"\r\n") == 5 and b"\n" not in data.replace(b"\r\n", b"")
    assert list(tmp_path.joinpath("out").iterdir()) == [path]  # no temporary left behind


def test_formula_cells_are_neutralised_but_numbers_kept(tmp_path):
    path = tmp_path / "needs.csv"
    write_csv(ROWS, COLUMNS, path)
    rows = read_back(path.read_bytes())
    assert rows[2][2] == "'=cmd|' /C calc'!A0"
    assert rows[3][1:3] == ["'@SUM(A1)", "'-2+3"]
    assert rows[3][4] == "'+1"
    assert rows[4][1:3] == ["'\tTab", "'＝１＋１"]
    assert rows[1][3:5] == ["120000", "-3"]
    assert rows[2][3:5] == ["0", "-1.5"]
    assert rows[3][3] == ""
    assert rows[4][4] == ""  # missing key: empty cell; extra keys are not written


def test_header_labels_are_written_in_place_of_keys():
    out = io.BytesIO()
    write_csv(ROWS[:1], COLUMNS, out, header=["回答", "顧客", "本文", "月額", "=差"])
    assert read_back(out.getvalue())[0] == ["回答", "顧客", "本文", "月額", "'=差"]


def test_text_stream_and_stdout_receive_the_same_bytes(capfdbinary):
    text = io.StringIO()
    write_csv(ROWS, COLUMNS, text)
    write_csv(ROWS, COLUMNS, sys.stdout)
    assert capfdbinary.readouterr().out == text.getvalue().encode("utf-8")


def test_rows_are_streamed_not_collected():
    consumed = []

    def rows() -> Iterator[dict]:
        for i in range(3):
            consumed.append(i)
            yield {"response": f"r{i}"}

    chunks = iter_csv(rows(), ["response"])
    assert next(chunks) == BOM + "response\r\n" and consumed == []
    assert next(chunks) == "r0\r\n" and consumed == [0]


def test_a_failed_export_leaves_no_file(tmp_path):
    def rows() -> Iterator[dict]:
        yield {"response": "r1"}
        raise RuntimeError("database went away")

    path = tmp_path / "x.csv"
    with pytest.raises(RuntimeError):
        write_csv(rows(), ["response"], path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "true"),
        (-5, -5),
        (2.5, 2.5),
        ("-5", "'-5"),
        ("a=b", "a=b"),
        ({"b", "a"}, "a; b"),
        ("\rx", "'\rx"),
        ("＠x", "'＠x"),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected
