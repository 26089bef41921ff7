"""Import problems that name the file, the line or record, and the field."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..i18n import gettext as _

MAX_PROBLEMS_SHOWN = 20


@dataclass(frozen=True)
class ImportProblem:
    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = _visible(self.file)
        if self.line is not None:
            where += f":{self.line}"
        field = f" [{_visible(self.field)}]" if self.field else ""
        return f"{where}{field}: {_visible(self.message)}"


def _visible(text: str) -> str:
    """One line, every character visible: a field name or value from the file may hold
    line breaks or control characters; show them as \\uXXXX escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or unicodedata.category(c) == "Zs" else f"\\u{ord(c):04x}"
                   for c in text)


class ImportFailed(Exception):
    """Raised with every problem found; nothing has been written when it is raised."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__(self.summary())

    def summary(self) -> str:
        shown = [str(p) for p in self.problems[:MAX_PROBLEMS_SHOWN]]
        more = len(self.problems) - len(shown)
        if more > 0:
            shown.append(_("… and {n} more problems", n=more))
        return "\n".join(shown)


class Collector:
    """Gathers problems while validating so the user sees all of them at once."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[ImportProblem] = []

    def add(self, line: int | None, field: str | None, message: str) -> None:
        self.problems.append(ImportProblem(self.file, line, field, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ImportFailed(self.problems)
