"""Import problems that name the file, the line or record, and the field."""

from __future__ import annotations

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
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.message}"


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
