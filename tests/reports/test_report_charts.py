"""Dashboard charts are self-contained SVG: no script, no external link."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from webapp.reports.charts import (
    categories_over_time_svg,
    nps_change_svg,
    nps_distribution_svg,
    nps_score,
    proposal_funnel_svg,
)

SVG = "{http://www.w3.org/2000/svg}"
CHARTS = {
    "nps": lambda lang: nps_distribution_svg({0: 2, 5: 3, 7: 4, 9: 6, 10: 3}, lang),
    "nps-empty": lambda lang: nps_distribution_svg({}, lang),
    "categories": lambda lang: categories_over_time_svg(
        {
            "complaint": {"2025-01": 3, "2025-02": 1},
            "ready": {"2025-01": 5, "2025-03": 2},
            "other": {"2025-02": 1},
        },
        lang,
    ),
    "categories-empty": lambda lang: categories_over_time_svg({}, lang),
    "funnel": lambda lang: proposal_funnel_svg(40, 20, 30, 6, lang),
    "funnel-empty": lambda lang: proposal_funnel_svg(0, 0, 0, 0, lang),
    "change": lambda lang: nps_change_svg([("アクメ", -20.0, 10.0), ("Beta", 30, 40)], lang),
    "change-empty": lambda lang: nps_change_svg([], lang),
}


def texts(root: ET.Element) -> str:
    return " ".join("".join(el.itertext()) for el in root.iter(f"{SVG}text"))


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_is_valid_svg_without_script_or_external_link(name, lang):
    svg = CHARTS[name](lang)
    assert not svg.startswith("<?xml")  # inline in a page
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    for el in root.iter():
        assert not el.tag.endswith("script")
        for attr, value in el.attrib.items():
            assert not attr.lower().rsplit("}", 1)[-1].startswith("on")
            if attr.endswith("href"):
                assert value.startswith("#")
    assert "http://" not in svg.replace('"http://www.w3.org/', "")
    assert "url(" not in svg


def test_charts_speak_the_readers_language():
    assert "推奨" in texts(ET.fromstring(CHARTS["nps"]("ja"))) or "NPS" in CHARTS["nps"]("ja")
    ja = texts(ET.fromstring(CHARTS["categories"]("ja")))
    en = texts(ET.fromstring(CHARTS["categories"]("en")))
    assert "苦情" in ja and "提案可能" in ja
    assert "Complaint" in en and "Ready" in en
    assert "成約" in texts(ET.fromstring(CHARTS["funnel"]("ja")))
    assert "Won" in texts(ET.fromstring(CHARTS["funnel"]("en")))


def test_titles_carry_the_figures():
    assert "NPS +22.2" in texts(ET.fromstring(CHARTS["nps"]("en")))
    assert "15%" in texts(ET.fromstring(CHARTS["funnel"]("en")))
    assert "+20.0" in texts(ET.fromstring(CHARTS["change"]("en")))


def test_same_data_gives_the_same_svg():
    assert CHARTS["nps"]("ja") == CHARTS["nps"]("ja")


def test_nps_score_is_promoters_minus_detractors_percent():
    assert nps_score({10: 5, 9: 1, 8: 2, 3: 2}) == pytest.approx(40.0)
    assert nps_score({}) == 0.0
    with pytest.raises(ValueError):
        nps_score({11: 1})
