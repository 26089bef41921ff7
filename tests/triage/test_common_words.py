"""The everyday-word lists triage ships are the ones wordfreq gives today."""

import importlib.util
import json
from pathlib import Path

from webapp.triage.coverage import COMMON_WORDS, rarity

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def test_common_words_match_wordfreq():
    spec = importlib.util.spec_from_file_location("common_words", SCRIPTS / "common_words.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shipped = json.loads(COMMON_WORDS.read_text(encoding="utf-8"))
    assert shipped == module.build(), "run scripts/common_words.py"


def test_rarity_tiers():
    assert rarity("the", ja=False) == 0.2
    assert rarity("vaccination", ja=False) == 1.0
    assert rarity("store", ja=False) == 0.5
    assert rarity("予約", ja=True) < 1.0
    assert rarity("午睡", ja=True) == 1.0
