"""Files go to output/<account>/<id>-<item>.docx|.pdf, with -vN for regenerations, and
ids can never escape the output folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from webapp.proposals import proposal_paths
from webapp.proposals.files import safe_part


def test_first_version_has_no_suffix(tmp_path):
    docx, pdf = proposal_paths(tmp_path, "acme", 17, "accounting-standard", 1)
    assert docx == tmp_path / "acme" / "17-accounting-standard.docx"
    assert pdf == tmp_path / "acme" / "17-accounting-standard.pdf"


def test_regenerations_are_versioned():
    docx, pdf = proposal_paths("output", "acme", 17, "accounting-standard", 2)
    assert docx == Path("output/acme/17-accounting-standard-v2.docx")
    assert pdf.name == "17-accounting-standard-v2.pdf"
    assert proposal_paths("output", "acme", 17, "x", 12)[0].name == "17-x-v12.docx"


def test_version_below_one_is_an_error():
    with pytest.raises(ValueError):
        proposal_paths("output", "acme", 1, "x", 0)


@pytest.mark.parametrize(
    "evil",
    ["../../etc", "/etc/passwd", "..", ".", "a/b", "a\\b", "さくら精機", "", "x\x00y", ".hidden"],
)
def test_ids_cannot_escape_or_hide(tmp_path, evil):
    docx, pdf = proposal_paths(tmp_path, evil, evil or "1", evil, 1)
    for path in (docx, pdf):
        assert path.resolve().is_relative_to(tmp_path.resolve())
        assert path.parent.parent == tmp_path
        assert not path.parent.name.startswith(".") and not path.name.startswith(".")


def test_different_unsafe_ids_do_not_collide():
    assert safe_part("さくら精機") != safe_part("みなと商事")
    assert safe_part("a/b") != safe_part("a_b")
    assert safe_part("acme") == "acme"
