"""Field checks shared by every importer and the admin forms.

Each check returns the cleaned value, or records a problem naming the field and
returns None, so one pass reports every bad field of a file.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from ..i18n import gettext as _
from .errors import Collector

ID_RE = re.compile(r"^[a-z0-9_-]{1,64}$")
KEY_RE = re.compile(r"^[^\s\x00-\x1f\x7f]{1,100}$")
EMAIL_RE = re.compile(r"^[^@\s\x00-\x1f]{1,64}@[^@\s\x00-\x1f]{1,255}$")
MAX_TEXT = 5000
LANGS = ("ja", "en")
# What XML (DOCX, PDF, HTML) cannot carry: C0 controls other than tab and line breaks,
# lone surrogates and the two non-characters U+FFFE/U+FFFF.
BAD_CHARS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def text_problem(value: str) -> str | None:
    """Why a text cannot be stored and shown everywhere, or None when it can."""
    bad = BAD_CHARS_RE.search(value)
    if bad is None:
        return None
    if bad.group() == "\x00":
        return _("contains a NUL character")
    if "\ud800" <= bad.group() <= "\udfff" or bad.group() in "\ufffe\uffff":
        return _("contains an invalid character (U+{code:04X})", code=ord(bad.group()))
    return _("contains an invisible control character (U+{code:04X})", code=ord(bad.group()))


class Check:
    """Validation bound to one record: `check.integer(value, "employees", min_value=0)`."""

    def __init__(self, problems: Collector, line: int | None, prefix: str = ""):
        self.problems = problems
        self.line = line
        self.prefix = prefix

    def fail(self, field: str, message: str) -> None:
        self.problems.add(self.line, self.prefix + field, message)

    def required(self, value, field: str):
        if value is None or (isinstance(value, str) and not value.strip()):
            self.fail(field, _("is required"))
            return None
        return value

    def catalog_id(self, value, field: str, required: bool = True) -> str | None:
        if value is None or value == "":
            if required:
                self.fail(field, _("is required"))
            return None
        if not isinstance(value, str) or not ID_RE.match(value):
            self.fail(field, _("must use only lowercase letters, digits, '-' and '_' (at most 64)"))
            return None
        return value

    def key(self, value, field: str) -> str | None:
        """An identifier from another system: any printable text without spaces."""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(field, _("is required"))
            return None
        value = value.strip()
        if not KEY_RE.match(value) or BAD_CHARS_RE.search(value):
            self.fail(field, _("must be at most 100 characters without spaces"))
            return None
        return value

    def text(self, value, field: str, max_len: int = MAX_TEXT, required: bool = False) -> str | None:
        if value is None or value == "":
            if required:
                self.fail(field, _("is required"))
            return None if required else ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(field, _("must be text"))
            return None
        if len(value) > max_len:
            self.fail(field, _("is longer than {n} characters", n=max_len))
            return None
        problem = text_problem(value)
        if problem:
            self.fail(field, problem)
            return None
        return value.strip()

    def integer(self, value, field: str, min_value: int | None = None,
                max_value: int | None = None, required: bool = False) -> int | None:
        if value is None or value == "":
            if required:
                self.fail(field, _("is required"))
            return None
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d{1,15}(\.0+)?\s*", value):
            number = int(float(value))
        if number is None:
            self.fail(field, _("must be a whole number"))
            return None
        if (min_value is not None and number < min_value) or (
            max_value is not None and number > max_value
        ):
            if max_value is None:
                self.fail(field, _("must be {min} or more", min=min_value))
            else:
                self.fail(field, _("must be between {min} and {max}", min=min_value, max=max_value))
            return None
        return number

    def iso_date(self, value, field: str) -> str | None:
        if value is None or value == "":
            return None
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            self.fail(field, _("must be a date like 2027-02-28"))
            return None

    def iso_datetime(self, value, field: str) -> str | None:
        if value is None or value == "":
            return None
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            self.fail(field, _("must be a date and time like 2026-11-01T10:00:00+09:00"))
            return None
        return moment.isoformat()

    def lang(self, value, field: str, default: str | None = None) -> str | None:
        if value is None or value == "":
            return default
        if value not in LANGS:
            self.fail(field, _("must be ja or en"))
            return None
        return value

    def email(self, value, field: str, required: bool = False) -> str | None:
        if value is None or value == "":
            if required:
                self.fail(field, _("is required"))
            return None
        if not isinstance(value, str) or not EMAIL_RE.match(value.strip()) or BAD_CHARS_RE.search(value):
            self.fail(field, _("must be an e-mail address"))
            return None
        return value.strip()
