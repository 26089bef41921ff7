"""DOCX built in code with python-docx from the same `ProposalContent` as the PDF.

Reps edit the DOCX before sending, so it uses Word's own styles (headings, lists,
tables) rather than absolute layout. python-docx escapes text itself, so customer words
cannot become XML. Japanese needs the East Asian font slot set (w:eastAsia), or Word
and LibreOffice pick a Western font with no kana.
"""

from __future__ import annotations

from typing import IO

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from .base import Renderer, register
from .content import ProposalContent, Table
from .pdf_render import LOGO_TYPES
from .wording import TEMPLATES_DIR

EAST_ASIA_FONT = "IPAexGothic"  # Word without IPAex substitutes its own Gothic face
LATIN_FONT = {"ja": "IPAexGothic", "en": "Calibri"}
_STYLE_IDS: dict[str, str] = {}
STYLED = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Quote",
    "List Bullet",
    "List Number",
    "Header",
    "Footer",
    "Table Grid",
)


def _para(doc: DocumentObject, text: str = "", style: str | None = None) -> Paragraph:
    """A paragraph with a style given by name. python-docx's own lookup scans every style
    on each call (~1 ms); every document starts from the same default template, so each
    name's id is looked up once per process."""
    paragraph = doc.add_paragraph(text)
    if style is not None:
        if style not in _STYLE_IDS:
            _STYLE_IDS[style] = doc.styles[style].style_id
        paragraph._p.get_or_add_pPr().style = _STYLE_IDS[style]
    return paragraph


def _set_fonts(doc: DocumentObject, lang: str, color: RGBColor) -> None:
    """Latin and East Asian fonts on every style used, dropping theme fonts that would win."""
    for name in STYLED:
        style = doc.styles[name]
        style.font.name = LATIN_FONT.get(lang, "Calibri")
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        fonts.set(qn("w:eastAsia"), EAST_ASIA_FONT)
        if name.startswith(("Heading", "Title")):
            style.font.color.rgb = color
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), "ja-JP" if lang == "ja" else "en-US")
    lang_el.set(qn("w:eastAsia"), "ja-JP")
    doc.styles["Normal"].element.get_or_add_rPr().append(lang_el)
    doc.styles["Normal"].font.size = Pt(10)


def _field(paragraph, instr: str) -> None:
    """A simple Word field (PAGE, NUMPAGES) so page numbers are live in Word."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _page_setup(doc: DocumentObject, c: ProposalContent) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.header.paragraphs[0].text = c.company_name
    section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _table(doc: DocumentObject, table: Table, color: str) -> DocxTable:
    header = 1 if table.headers else 0
    cols = len(table.headers or table.rows[0])
    out = doc.add_table(rows=len(table.rows) + header, cols=cols)
    if "Table Grid" not in _STYLE_IDS:
        _STYLE_IDS["Table Grid"] = doc.styles["Table Grid"].style_id
    out._tbl.tblPr.style = _STYLE_IDS["Table Grid"]
    if header:
        for cell, text in zip(out.rows[0].cells, table.headers, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
            cell.paragraphs[0].runs[0].font.color.rgb = RGBColor(255, 255, 255)
            _shade(cell, color.lstrip("#"))
    for i, row in enumerate(table.rows):
        marked = i < len(table.highlight) and table.highlight[i]
        for cell, text in zip(out.rows[i + header].cells, row, strict=True):
            cell.text = text
            if marked:
                cell.paragraphs[0].runs[0].bold = True
                _shade(cell, "EEF4FB")
    return out


def _cover(doc: DocumentObject, c: ProposalContent) -> None:
    if c.logo_path is not None:
        logo = c.logo_path if c.logo_path.is_absolute() else TEMPLATES_DIR / c.logo_path
        if logo.suffix.lower() in LOGO_TYPES and logo.is_file():
            doc.add_picture(str(logo), height=Mm(18))
    doc.add_paragraph(c.company_name)
    _para(doc, c.cover.title, "Title")
    doc.add_paragraph(c.cover.customer).runs[0].font.size = Pt(18)
    doc.add_paragraph(c.cover.subtitle).runs[0].font.size = Pt(13)
    labels = c.labels
    facts = Table(
        [],
        [
            [labels["date_label"], c.cover.date],
            [labels["number_label"], c.cover.number],
            [labels["valid_until_label"], c.cover.valid_until],
            [labels["rep_label"], c.cover.rep],
        ],
    )
    _table(doc, facts, c.primary_color)
    doc.add_page_break()


def _body(doc: DocumentObject, c: ProposalContent) -> None:
    labels = c.labels
    _para(doc, labels["heading_problem"], "Heading 1")
    doc.add_paragraph(c.problem.intro)
    for quote in c.problem.quotes:
        _para(doc, labels["quote_open"] + quote + labels["quote_close"], "Quote")
    for note in c.problem.observations:
        _para(doc, note, "List Bullet")
    _para(doc, labels["heading_offer"], "Heading 1")
    doc.add_paragraph().add_run(c.offer_title).bold = True
    doc.add_paragraph(labels["outcome_intro"])
    for outcome in c.outcomes:
        para = _para(doc, "", "List Bullet")
        para.add_run(outcome.headline).bold = True
        if outcome.detail:
            para.add_run("\n" + outcome.detail)
    _para(doc, labels["heading_choices"], "Heading 1")
    doc.add_paragraph(c.choices_intro)
    _table(doc, c.choices_table, c.primary_color)
    _para(doc, labels["heading_roi"], "Heading 1")
    doc.add_paragraph(c.roi_intro)
    _table(doc, c.roi_table, c.primary_color)
    doc.add_paragraph(labels["roi_note"]).runs[0].font.size = Pt(8)
    _para(doc, labels["heading_timing"], "Heading 1")
    _table(
        doc,
        Table(
            [],
            [
                [
                    labels["timing_label"],
                    f"{c.timing.title}\n{labels['reason_label']}: {c.timing.reason}",
                ],
                [
                    labels["channel_label"],
                    f"{c.channel.title}\n{labels['reason_label']}: {c.channel.reason}",
                ],
            ],
        ),
        c.primary_color,
    )
    _para(doc, labels["heading_next"], "Heading 1")
    for step in c.next_steps:
        _para(doc, step, "List Number")
    _para(doc, labels["heading_contact"], "Heading 2")
    doc.add_paragraph(
        "\n".join(x for x in (c.contact.company, c.contact.name, c.contact.email) if x)
    )


def build_docx(c: ProposalContent) -> DocumentObject:
    """The whole document in memory (tests may inspect it without a file)."""
    doc = Document()
    color = c.primary_color.lstrip("#")
    if len(color) == 3:
        color = "".join(ch * 2 for ch in color)
    _set_fonts(doc, c.lang, RGBColor.from_string(color.upper()))
    _page_setup(doc, c)
    doc.core_properties.title = f"{c.cover.title} {c.number}"
    doc.core_properties.author = c.company_name
    _cover(doc, c)
    _body(doc, c)
    return doc


@register
class DocxRenderer(Renderer):
    name = "docx"
    suffix = ".docx"

    def write(self, content: ProposalContent, fh: IO[bytes]) -> None:
        build_docx(content).save(fh)
