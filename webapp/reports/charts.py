"""Dashboard charts drawn on the server as inline SVG.

pygal draws them; the page needs no CDN and no JavaScript to show them. pygal still
embeds a small config <script> even with ``js=[]``, so every SVG passes through
`_sanitise`, which removes scripts, comments, event handlers and links that leave the
document. Values are printed on the bars because, without JavaScript, there are no
hover tooltips. The chart id is derived from the data, not random, so the same data
gives the same bytes (cacheable, testable).
"""

from __future__ import annotations

import hashlib
import sys
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

import pygal
from pygal.style import Style

# pygal appends a sys.meta_path finder (for its optional map plugins, unused here) that
# lacks find_spec; every later failed import (fugashi probing for `unidic`, say) then
# raises ImportWarning on Python 3.11, an error under filterwarnings=error.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

FONT = '"IPAexGothic", "Noto Sans CJK JP", "Hiragino Sans", Meiryo, sans-serif'
RED, AMBER, GREEN, BLUE, GREY = "#c9302c", "#ec971f", "#449d44", "#31708f", "#9a9a9a"
CATEGORY_ORDER = ("complaint", "cannot_address_now", "ready", "no_action")
CATEGORY_COLOURS = {
    "complaint": RED,
    "cannot_address_now": AMBER,
    "ready": GREEN,
    "no_action": GREY,
}

LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "nps_title": "NPS {score:+.1f}（回答 {n} 件）",
        "responses": "回答数",
        "categories_title": "カテゴリ別の回答数（月別）",
        "complaint": "苦情",
        "ready": "提案可能",
        "cannot_address_now": "現在対応不可",
        "no_action": "対応不要",
        "funnel_title": "提案の成果（成約率 {rate}）",
        "proposals": "提案",
        "generated": "作成",
        "downloaded": "ダウンロード",
        "sent": "送付",
        "won": "成約",
        "change_title": "提案後の NPS の変化（平均 {delta:+.1f}）",
        "before": "提案前",
        "after": "提案後",
        "no_data": "データなし",
    },
    "en": {
        "nps_title": "NPS {score:+.1f} ({n} responses)",
        "responses": "Responses",
        "categories_title": "Responses per category by month",
        "complaint": "Complaint",
        "ready": "Ready",
        "cannot_address_now": "Cannot address now",
        "no_action": "No action",
        "funnel_title": "Proposals (won {rate})",
        "proposals": "Proposals",
        "generated": "Generated",
        "downloaded": "Downloaded",
        "sent": "Sent",
        "won": "Won",
        "change_title": "NPS change after a proposal (average {delta:+.1f})",
        "before": "Before",
        "after": "After",
        "no_data": "No data",
    },
}


def _t(lang: str, key: str) -> str:
    return LABELS.get(lang, LABELS["en"]).get(key) or LABELS["en"].get(key, key)


def nps_score(counts: Mapping[int, int]) -> float:
    """Net Promoter Score: % promoters (9-10) minus % detractors (0-6); 0.0 with no answers."""
    total = 0
    promoters = detractors = 0
    for score, n in counts.items():
        if not 0 <= int(score) <= 10:
            raise ValueError(f"NPS answers are 0-10, got {score}")
        total += n
        if score >= 9:
            promoters += n
        elif score <= 6:
            detractors += n
    return 0.0 if total == 0 else 100.0 * (promoters - detractors) / total


def _config(lang: str, title: str, colours: tuple[str, ...] | None = None, **extra) -> dict:
    style = Style(
        font_family=FONT,
        background="white",
        plot_background="white",
        colors=colours or (BLUE, GREEN, AMBER, RED, GREY),
        title_font_size=18,
        value_font_size=11,
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=12,
    )
    config = dict(
        js=[],
        disable_xml_declaration=True,
        style=style,
        title=title,
        no_data_text=_t(lang, "no_data"),
        print_values=True,
        print_zeroes=False,
        width=800,
        height=420,
    )
    config.update(extra)
    return config


def _render(chart: pygal.graph.graph.Graph, kind: str, data: object) -> str:
    chart.uuid = hashlib.sha1(f"{kind}:{data!r}".encode()).hexdigest()[:12]
    return _sanitise(chart.render(is_unicode=True))


def nps_distribution_svg(counts: Mapping[int, int], lang: str) -> str:
    """Bars for answers 0-10, coloured detractor / passive / promoter, the score in the title."""
    values = [int(counts.get(i, 0)) for i in range(11)]
    title = _t(lang, "nps_title").format(score=nps_score(counts), n=sum(values))
    chart = pygal.Bar(**_config(lang, title, show_legend=False))
    chart.x_labels = [str(i) for i in range(11)]
    chart.add(
        _t(lang, "responses"),
        [
            {"value": v, "color": RED if i <= 6 else AMBER if i <= 8 else GREEN}
            for i, v in enumerate(values)
        ]
        if sum(values)
        else [],
    )
    return _render(chart, "nps", values)


def categories_over_time_svg(series: Mapping[str, Mapping[str, int]], lang: str) -> str:
    """Stacked monthly bars, one colour per triage category (known ones in a fixed order)."""
    months = sorted({m for per_month in series.values() for m in per_month})
    known = [c for c in CATEGORY_ORDER if c in series]
    categories = known + sorted(c for c in series if c not in CATEGORY_ORDER)
    colours = tuple(CATEGORY_COLOURS.get(c, BLUE) for c in categories) or (BLUE,)
    chart = pygal.StackedBar(
        **_config(
            lang,
            _t(lang, "categories_title"),
            colours,
            legend_at_bottom=True,
            print_values=False,
            x_label_rotation=30 if len(months) > 12 else 0,
        )
    )
    chart.x_labels = months
    for cat in categories:
        chart.add(_t(lang, cat), [int(series[cat].get(m, 0)) for m in months])
    data = [(c, sorted(series[c].items())) for c in categories]
    return _render(chart, "categories", data)


def proposal_funnel_svg(generated: int, downloaded: int, sent: int, won: int, lang: str) -> str:
    """The four counts as bars; the title gives won / generated as the success rate."""
    rate = f"{100.0 * won / generated:.0f}%" if generated else "–"
    chart = pygal.HorizontalBar(
        **_config(
            lang, _t(lang, "funnel_title").format(rate=rate), show_legend=False, margin_left=40
        )
    )
    steps = [("generated", generated), ("downloaded", downloaded), ("sent", sent), ("won", won)]
    # HorizontalBar draws the first label at the bottom: reverse so "generated" is on top.
    chart.x_labels = [_t(lang, k) for k, _ in reversed(steps)]
    chart.add(_t(lang, "proposals"), [int(v) for _, v in reversed(steps)])
    return _render(chart, "funnel", steps)


def nps_change_svg(before_after: Sequence[tuple[str, float, float]], lang: str) -> str:
    """Per account (or segment) NPS before and after a proposal, the mean change in the title."""
    deltas = [after - before for _, before, after in before_after]
    delta = sum(deltas) / len(deltas) if deltas else 0.0
    chart = pygal.Bar(
        **_config(
            lang,
            _t(lang, "change_title").format(delta=delta),
            (GREY, BLUE),
            legend_at_bottom=True,
            x_label_rotation=30 if len(before_after) > 8 else 0,
        )
    )
    chart.x_labels = [label for label, _, _ in before_after]
    if before_after:
        chart.add(_t(lang, "before"), [float(b) for _, b, _ in before_after])
        chart.add(_t(lang, "after"), [float(a) for _, _, a in before_after])
    return _render(chart, "nps-change", list(before_after))


def _sanitise(svg: str) -> str:
    """Drop scripts, comments, on* handlers and any link that is not a same-document '#id'."""
    root = ET.fromstring(svg)  # comments are dropped by the default parser
    for parent in list(root.iter()):
        for child in list(parent):
            if _local(child.tag) in ("script", "foreignObject"):
                parent.remove(child)
    for el in root.iter():
        for attr in list(el.attrib):
            name = _local(attr).lower()
            value = el.attrib[attr].strip()
            if name.startswith("on") or (name == "href" and not value.startswith("#")):
                del el.attrib[attr]
    return ET.tostring(root, encoding="unicode")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
