"""Finds the messages the code and templates ask to translate (for the ja catalog check).

`python -m webapp.i18n_messages` prints the messages that `translations/ja.yaml` lacks.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

PACKAGE = Path(__file__).resolve().parent
# _("…") / gettext("…") with a literal first argument, single or double quoted.
CALL = re.compile(r"""(?<![\w.])(?:_|gettext)\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""", re.S)
CONCAT = re.compile(r'"\s*\n\s*"')


def messages() -> set[str]:
    found: set[str] = set()
    for path in list(PACKAGE.rglob("*.py")) + list(PACKAGE.rglob("*.html")):
        text = CONCAT.sub("", path.read_text(encoding="utf-8"))
        for double, single in CALL.findall(text):
            raw = double or single
            found.add(raw.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
                      if "\\" in raw else raw)
    return found


def missing() -> list[str]:
    catalog = yaml.safe_load((PACKAGE / "translations" / "ja.yaml").read_text(encoding="utf-8")) or {}
    return sorted(m for m in messages() if m not in catalog)


if __name__ == "__main__":
    for message in missing():
        print(yaml.safe_dump({message: ""}, allow_unicode=True, width=1000).strip())
