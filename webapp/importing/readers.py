"""Reading uploaded or local files: encodings, JSON lines and CSV, with line numbers.

Excel in Japan still saves CSV as Shift_JIS (cp932), and many tools add a UTF-8 BOM;
both are accepted, and so is UTF-16 with its BOM (Excel's "Unicode text"). Anything
else that does not decode is reported, not guessed.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..i18n import gettext as _
from .errors import Collector, ImportFailed, ImportProblem

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_RECORDS = 100_000
MAX_CSV_CELL = 131_072
LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")


def decode(data: bytes, file: str) -> str:
    """UTF-16 with a BOM, else UTF-8 (with or without BOM), then cp932; a clear problem otherwise."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed([ImportProblem(file, None, None, _(
            "the file is larger than {mb} MB", mb=MAX_FILE_BYTES // (1024 * 1024)))])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
        if text is not None and "\x00" not in text:
            return text.removeprefix("\ufeff")
        raise ImportFailed([ImportProblem(file, None, None, _(
            "the file starts with a UTF-16 mark but is not valid UTF-16 text"))])
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise ImportFailed([ImportProblem(file, None, None, _(
        "the file is not text in UTF-8 or Shift_JIS"))])


def read_source(source: str | Path | bytes, name: str | None = None) -> tuple[str, str]:
    """Return (display name, text) for a path or raw bytes (an upload)."""
    if isinstance(source, bytes):
        return name or "upload", decode(source, name or "upload")
    path = Path(source)
    display = name or str(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed([ImportProblem(display, None, None, _(
            "cannot read the file: {error}", error=exc.strerror or str(exc)))]) from exc
    return display, decode(data, display)


def file_kind(name: str) -> str:
    """'jsonl' or 'csv' by extension; JSON lines also accept .json and .ndjson."""
    lower = name.lower()
    if lower.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if lower.endswith((".csv", ".tsv")):
        return "csv"
    raise ImportFailed([ImportProblem(name, None, None, _(
        "unknown file type: use .jsonl or .csv"))])


class _NotJson(ValueError):
    pass


def _reject_constant(name: str):
    raise _NotJson(_("{value} is not a number JSON allows", value=name))


def has_surrogate(value) -> bool:
    """True when a text (key or value) holds a lone UTF-16 surrogate (from a "\\ud800" escape)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def jsonl_records(text: str, problems: Collector) -> Iterator[tuple[int, dict]]:
    """Yield (line number, object) for each non-blank line; bad lines become problems.

    Lines end at LF, CRLF or CR only (never inside a JSON string: U+2028 is text there).
    """
    count = 0
    for number, line in enumerate(LINE_BREAK_RE.split(text), start=1):
        if not line.strip():
            continue
        count += 1
        if count > MAX_RECORDS:
            problems.add(number, None, _("too many records (at most {n})", n=MAX_RECORDS))
            return
        try:
            obj = json.loads(line, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            problems.add(number, None, _("not valid JSON ({error})", error=exc.msg))
            continue
        except RecursionError:
            problems.add(number, None, _("not valid JSON ({error})", error=_("nested too deeply")))
            continue
        except _NotJson as exc:  # NaN, Infinity
            problems.add(number, None, _("not valid JSON ({error})", error=str(exc)))
            continue
        except ValueError:  # an integer of thousands of digits
            problems.add(number, None, _("not valid JSON ({error})", error=_(
                "a number has too many digits")))
            continue
        if not isinstance(obj, dict):
            problems.add(number, None, _("each line must be a JSON object"))
            continue
        if has_surrogate(obj):
            problems.add(number, None, _("contains an invalid \\u escape (a lone surrogate)"))
            continue
        yield number, obj


def csv_records(text: str, problems: Collector, required: list[str]) -> Iterator[tuple[int, dict]]:
    """Yield (line number, row) with header names stripped; empty cells become None."""
    first = LINE_BREAK_RE.split(text, maxsplit=1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        problems.add(1, None, _csv_error(exc))
        return
    reader.fieldnames = header
    missing = [c for c in required if c not in header]
    if missing:
        problems.add(1, ", ".join(missing), _("missing CSV columns"))
        return
    count = 0
    try:
        for row in reader:
            count += 1
            if count > MAX_RECORDS:
                problems.add(reader.line_num, None, _("too many records (at most {n})", n=MAX_RECORDS))
                return
            if None in row:
                problems.add(reader.line_num, None, _("more cells than header columns"))
                continue
            clean = {k: (v.strip() if isinstance(v, str) and v.strip() else None) for k, v in row.items()}
            if not any(clean.values()):
                continue
            yield reader.line_num, clean
    except csv.Error as exc:
        problems.add(reader.line_num, None, _csv_error(exc))


def _csv_error(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return _("a cell is longer than {n} characters", n=MAX_CSV_CELL)
    return _("not a readable CSV file ({error})", error=str(exc))
