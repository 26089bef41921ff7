"""Public entry points for writing proposal files.

`render_pdf` and `render_docx` are the two formats the product needs; both go through
the registry (`RENDERERS`) and the atomic writer in `base`, so adding a format means
adding a `Renderer` subclass, not editing callers.
"""

from __future__ import annotations

from pathlib import Path

from .base import RENDERERS, Renderer, atomic_write, register
from .content import ProposalContent
from .docx_render import DocxRenderer, build_docx
from .pdf_render import PdfRenderer, TemplateFetcher, render_html


def render_pdf(
    content: ProposalContent, path: str | Path, *, fetcher: TemplateFetcher | None = None
) -> Path:
    """Write the PDF atomically. `fetcher` lets a caller inspect what was fetched."""
    return PdfRenderer(fetcher).render(content, path)


def render_docx(content: ProposalContent, path: str | Path) -> Path:
    """Write the DOCX atomically."""
    return DocxRenderer().render(content, path)


def render(fmt: str, content: ProposalContent, path: str | Path) -> Path:
    """Write `content` in any registered format ('pdf', 'docx', …)."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown proposal format {fmt!r}; known: {sorted(RENDERERS)}") from None
    return renderer().render(content, path)


__all__ = [
    "RENDERERS",
    "DocxRenderer",
    "PdfRenderer",
    "Renderer",
    "TemplateFetcher",
    "atomic_write",
    "build_docx",
    "register",
    "render",
    "render_docx",
    "render_html",
    "render_pdf",
]
