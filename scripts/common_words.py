"""Write webapp/triage/rules/common_words.json: the everyday words of each language.

Triage weighs the words a matched item does not explain by how rare they are
(webapp/triage/coverage.py): a word used very often (Zipf frequency ≥ 5.5) counts 0.2,
a common one (≥ 4.5) 0.5, any other 1. Only those two small lists are needed at run
time, so they are kept here instead of loading the whole `wordfreq` tables (60 MB and
half a second per process). Run again after upgrading wordfreq:

    .venv/bin/python scripts/common_words.py
"""

from __future__ import annotations

import json
import math
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "webapp" / "triage" / "rules" / "common_words.json"
TIERS = {"very_common": 5.5, "common": 4.5}  # Zipf frequency floors


def build() -> dict[str, dict[str, list[str]]]:
    from wordfreq import get_frequency_dict

    out: dict[str, dict[str, list[str]]] = {}
    for lang in ("en", "ja"):
        tiers: dict[str, list[str]] = {name: [] for name in TIERS}
        for word, freq in get_frequency_dict(lang, wordlist="best").items():
            zipf = math.log10(freq * 1e9)
            for name, floor in TIERS.items():
                if zipf >= floor:
                    tiers[name].append(word)
                    break
        out[lang] = {name: sorted(words) for name, words in tiers.items()}
    return out


def main() -> None:
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
