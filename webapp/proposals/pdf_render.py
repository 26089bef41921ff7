"""PDF through WeasyPrint from `proposal_templates/proposal.html` + `proposal.css`.

Safety: the template is rendered with Jinja autoescape on, so customer text is text; and
WeasyPrint gets `TemplateFetcher`, which serves files under `proposal_templates/` and
`data:` URLs only. WeasyPrint's default fetcher would read any local file or URL (even
embed one as a PDF attachment), so a path typed into a survey must never reach it.

Speed: one `FontConfiguration`, the parsed stylesheet and the Jinja environment are
kept per process (TECH-NOTES: ~85 ms per document instead of ~100 ms). A lock makes
the shared font configuration safe if a threaded worker renders two at once.
"""

from __future__ import annotations

import base64
import logging
import mimetypes
import threading
from functools import lru_cache
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote, urlsplit

import jinja2
from weasyprint import CSS, HTML, URLFetcher
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcherResponse

from .base import Renderer, register
from .content import ProposalContent
from .wording import TEMPLATES_DIR

log = logging.getLogger(__name__)
LOGO_TYPES = {".png", ".jpg", ".jpeg", ".gif"}
MAX_LOGO_BYTES = 2 * 1024 * 1024
_LOCK = threading.Lock()


class RefusedURL(ValueError):
    """A resource outside the templates folder or of a forbidden scheme was asked for."""


class TemplateFetcher(URLFetcher):
    """Serves `data:` URLs and regular files inside `root`; refuses everything else.

    `requested` and `refused` record what WeasyPrint asked for, so tests (and logs) can
    show that nothing outside the folder was read.
    """

    def __init__(self, root: Path = TEMPLATES_DIR, **kwargs: Any) -> None:
        kwargs.setdefault("allowed_protocols", {"file", "data"})
        kwargs.setdefault("timeout", 1)
        super().__init__(**kwargs)
        self.root = Path(root).resolve()
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        self.requested.append(url)
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self._inside_root(url)
            if path is not None:
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
        self.refused.append(url)
        raise RefusedURL(f"refused to fetch {url[:200]!r}: only proposal_templates/ is served")

    def _inside_root(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(unquote(parts.path)).resolve()
        except (OSError, ValueError):
            return None
        return path if path.is_relative_to(self.root) and path.is_file() else None


@lru_cache(maxsize=1)
def _jinja() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


@lru_cache(maxsize=1)
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@lru_cache(maxsize=4)
def _stylesheet(path: Path, mtime: float) -> CSS:
    """The parsed proposal.css; `mtime` in the key picks up edits without a restart."""
    return CSS(filename=str(path), font_config=_font_config(), url_fetcher=TemplateFetcher())


@lru_cache(maxsize=16)
def _color_css(color: str) -> CSS:
    """The company colour as a CSS variable. `color` is validated by `safe_color`; no
    customer text ever reaches a stylesheet."""
    return CSS(string=f":root {{ --primary: {color}; }}", font_config=_font_config())


def logo_data_uri(path: Path | None) -> str | None:
    """The logo inlined as a data: URL, so the fetcher never needs to read outside the
    templates folder for it. A missing or unsuitable logo is skipped, not fatal."""
    if path is None:
        return None
    full = path if path.is_absolute() else TEMPLATES_DIR / path
    if full.suffix.lower() not in LOGO_TYPES or not full.is_file():
        log.warning("logo %s skipped: not a PNG/JPEG/GIF file", full)
        return None
    data = full.read_bytes()
    if len(data) > MAX_LOGO_BYTES:
        log.warning("logo %s skipped: larger than %d bytes", full, MAX_LOGO_BYTES)
        return None
    mime = mimetypes.guess_type(full.name)[0]
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def render_html(content: ProposalContent) -> str:
    """The escaped HTML of the proposal (also handy as a browser preview)."""
    return (
        _jinja()
        .get_template("proposal.html")
        .render(c=content, logo=logo_data_uri(content.logo_path))
    )


@register
class PdfRenderer(Renderer):
    name = "pdf"
    suffix = ".pdf"

    def __init__(self, fetcher: TemplateFetcher | None = None) -> None:
        self.fetcher = fetcher

    def write(self, content: ProposalContent, fh: IO[bytes]) -> None:
        fetcher = self.fetcher or TemplateFetcher()
        css_path = TEMPLATES_DIR / "proposal.css"
        stylesheets = [
            _stylesheet(css_path, css_path.stat().st_mtime),
            _color_css(content.primary_color),
        ]
        html = HTML(
            string=render_html(content), base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=fetcher
        )
        with _LOCK:
            html.write_pdf(target=fh, stylesheets=stylesheets, font_config=_font_config())
