"""CSV that Excel opens correctly in Japanese and that cannot run formulas.

Excel guesses a legacy code page unless the file starts with a UTF-8 byte order mark, and
it expects CRLF line ends. Customer text goes into these files verbatim, so a cell that
starts with a formula trigger (=, +, -, @, tab, CR, or their full-width forms, which a
Japanese IME produces) is prefixed with a single quote (OWASP "CSV injection"). Numbers
passed as int/float are written as they are, so -1200 stays a number Excel can sum.

Rows are consumed one at a time, so a report of 100,000 rows never sits in memory.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

from webapp.files import atomic_write

BOM = "\ufeff"
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def neutralise(value: object) -> object:
    """A cell value made safe: numbers untouched, formula-like text quoted, None empty."""
    if type(value) is str:  # the common case first: most cells are plain text
        return "'" + value if value.startswith(_TRIGGERS) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        value = "; ".join(str(v) for v in items)
    text = str(value)
    return "'" + text if text.startswith(_TRIGGERS) else text


def iter_csv(
    rows: Iterable[Mapping[str, object]],
    columns: Sequence[str],
    header: Sequence[str] | None = None,
) -> Iterator[str]:
    """The CSV text piece by piece (BOM, header, then one line per row): for streaming."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")

    def flush() -> str:
        out = buf.getvalue()
        buf.seek(0)
        buf.truncate()
        return out

    writer.writerow([neutralise(h) for h in (header or columns)])
    yield BOM + flush()
    for row in rows:
        writer.writerow([neutralise(row.get(c)) for c in columns])
        yield flush()


def write_csv(
    rows: Iterable[Mapping[str, object]],
    columns: Sequence[str],
    fh_or_path: str | os.PathLike[str] | IO[str] | IO[bytes],
    header: Sequence[str] | None = None,
) -> int:
    """Write `rows` (only the `columns` keys, in that order) and return how many were written.

    A path is written atomically (temporary file, then rename), so a reader never sees half
    a report. A binary handle gets UTF-8 bytes; a text file or ``sys.stdout`` gets them on
    its underlying buffer (so its own encoding and newline translation do not interfere);
    a pure text stream such as StringIO gets text.
    """
    if isinstance(fh_or_path, str | os.PathLike):
        return _write_path(rows, columns, Path(fh_or_path), header)
    fh = fh_or_path
    binary = not isinstance(fh, io.TextIOBase)
    if not binary and getattr(fh, "buffer", None) is not None:
        fh.flush()  # write UTF-8 bytes underneath, whatever encoding the text layer has
        fh, binary = fh.buffer, True  # type: ignore[union-attr]
    count = -1
    for chunk in iter_csv(rows, columns, header):
        fh.write(chunk.encode("utf-8") if binary else chunk)  # type: ignore[arg-type]
        count += 1
    fh.flush()
    return count


def _write_path(
    rows: Iterable[Mapping[str, object]],
    columns: Sequence[str],
    path: Path,
    header: Sequence[str] | None,
) -> int:
    with atomic_write(path) as fh:
        count = write_csv(rows, columns, fh, header)
    return count
