"""A render that fails half-way leaves nothing at the final path (and no temp file);
an earlier version already there stays intact."""

from __future__ import annotations

from typing import IO

import pytest

from webapp.proposals import RENDERERS, Renderer, render_docx, render_pdf
from webapp.proposals.content import ProposalContent
from webapp.proposals.render import register, render


class Boom(RuntimeError):
    pass


class HalfWayRenderer(Renderer):
    name = "halfway-test"
    suffix = ".bin"

    def write(self, content: ProposalContent, fh: IO[bytes]) -> None:
        fh.write(b"%PDF-1.7 half a document")
        fh.flush()
        raise Boom("renderer crashed half-way")


def test_crash_half_way_leaves_no_file(sakura_content, tmp_path):
    target = tmp_path / "acme" / "17-x.pdf"
    with pytest.raises(Boom):
        HalfWayRenderer().render(sakura_content, target)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


def test_crash_keeps_the_previous_version(sakura_content, tmp_path):
    target = tmp_path / "17-x.pdf"
    render_pdf(sakura_content, target)
    before = target.read_bytes()
    with pytest.raises(Boom):
        HalfWayRenderer().render(sakura_content, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["17-x.pdf"]


def test_weasyprint_failure_leaves_no_pdf(sakura_content, tmp_path, monkeypatch):
    import weasyprint

    def explode(self, *args, **kwargs):
        target = kwargs.get("target")
        target.write(b"%PDF-1.7 partial")
        raise Boom("weasyprint failed")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", explode)
    with pytest.raises(Boom):
        render_pdf(sakura_content, tmp_path / "p.pdf")
    assert list(tmp_path.iterdir()) == []


def test_docx_failure_leaves_no_docx(sakura_content, tmp_path, monkeypatch):
    from docx.document import Document

    def explode(self, stream):
        stream.write(b"PK partial zip")
        raise Boom("docx failed")

    monkeypatch.setattr(Document, "save", explode)
    with pytest.raises(Boom):
        render_docx(sakura_content, tmp_path / "p.docx")
    assert list(tmp_path.iterdir()) == []


def test_success_leaves_only_the_final_files(sakura_content, tmp_path):
    pdf = render_pdf(sakura_content, tmp_path / "out" / "p.pdf")
    docx = render_docx(sakura_content, tmp_path / "out" / "p.docx")
    assert sorted(p.name for p in pdf.parent.iterdir()) == ["p.docx", "p.pdf"]
    assert pdf.read_bytes().startswith(b"%PDF") and docx.read_bytes().startswith(b"PK")


def test_registry_knows_pdf_and_docx_and_takes_new_formats(sakura_content, tmp_path):
    assert {"pdf", "docx"} <= set(RENDERERS)
    assert all(issubclass(cls, Renderer) for cls in RENDERERS.values())

    @register
    class TextRenderer(Renderer):
        name = "txt-test"
        suffix = ".txt"

        def write(self, content, fh):
            fh.write(content.offer_title.encode("utf-8"))

    try:
        path = render("txt-test", sakura_content, tmp_path / "p.txt")
        assert path.read_text(encoding="utf-8") == sakura_content.offer_title
    finally:
        RENDERERS.pop("txt-test")
    with pytest.raises(ValueError, match="unknown proposal format"):
        render("pptx", sakura_content, tmp_path / "p.pptx")
