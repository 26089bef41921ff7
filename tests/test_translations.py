"""Every message the pages and commands ask to translate has its Japanese, with the same blanks."""

import re

import yaml

from webapp.i18n_messages import PACKAGE, messages

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def catalog() -> dict:
    return yaml.safe_load((PACKAGE / "translations" / "ja.yaml").read_text(encoding="utf-8"))


def test_every_message_has_a_japanese_translation():
    ja = catalog()
    missing = sorted(m for m in messages() if m not in ja)
    assert missing == []


def test_translations_keep_their_placeholders():
    for english, japanese in catalog().items():
        assert isinstance(japanese, str) and japanese.strip(), english
        assert sorted(PLACEHOLDER.findall(english)) == sorted(PLACEHOLDER.findall(japanese)), english
