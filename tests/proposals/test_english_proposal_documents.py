"""An English account gets English documents: the quoted need, the option or plan name
and the ROI figures as formatted, with no Japanese fixed text."""

from __future__ import annotations

import pytest
from proposal_helpers import decision, docx_text, make_content, pdf_text, squash

from webapp.proposals import ProposalSettings, render_docx, render_pdf

NEED = "Our new hires keep asking how to close the month; we need proper training & a guide."


@pytest.fixture(scope="module")
def training(catalog, accounts):
    """Northwind (en, MRR 120,000) asks for training: cross-sell onboarding-training."""
    response = {
        "id": "r-en-1",
        "account": "northwind",
        "lang": "en",
        "answers": {"nps": 9, "blocked_need": NEED, "interests": []},
    }
    dec = decision(
        response,
        "cross_sell",
        "onboarding-training",
        [{"kind": "need_addressable", "text": NEED, "item": "onboarding-training"}],
    )
    return make_content(
        account=accounts["northwind"],
        response=response,
        dec=dec,
        catalog=catalog,
        settings=ProposalSettings(company_name="Cloudworks Ltd."),
        rep="Jane Smith",
    )


@pytest.fixture(scope="module")
def upsell(catalog, responses):
    """An English account on Light asking for monthly reports: upsell to Standard."""
    account = {
        "id": "contoso",
        "name": "Contoso Ltd.",
        "lang": "en",
        "mrr": 30000,
        "renewal_date": "2027-01-31",
        "subscriptions": [{"product": "accounting", "plan": "accounting-light", "seats_used": 4}],
    }
    text = "Building the monthly management report by hand takes two people three days."
    response = {
        "id": "r-en-2",
        "account": "contoso",
        "lang": "en",
        "answers": {"nps": 9, "blocked_need": text},
    }
    dec = decision(
        response,
        "upsell",
        "accounting-standard",
        [{"kind": "need_addressable", "text": text, "item": "monthly-report"}],
    )
    return make_content(
        account=account,
        response=response,
        dec=dec,
        catalog=catalog,
        settings=ProposalSettings(company_name="Cloudworks Ltd.", hourly_cost=5000),
        rep=None,
    )


def _in_pdf(expected: str, pdf: str) -> bool:
    """pdftotext joins a word broken after a hyphen at a line end ('Multi-|currency'
    comes out as 'Multicurrency'), so a hyphenated name may lose its hyphen."""
    return squash(expected) in pdf or squash(expected).replace("-", "") in pdf


def _both(content, folder):
    pdf = render_pdf(content, folder / "p.pdf")
    docx = render_docx(content, folder / "p.docx")
    return squash(pdf_text(pdf)), docx_text(docx)


TRAINING_EXPECTED = [
    "Proposal",
    "Northwind Traders",
    "November 24, 2026",
    "December 24, 2026",
    "Jane Smith",
    "“" + NEED + "”",
    "Onboarding and training",
    "About 4 hours a month of work removed",
    "¥200,000",  # one-off
    "¥16,000",  # 4 h × ¥4,000 a month
    "¥192,000",  # a year
    "12.5 months",  # payback: 200,000 / 16,000
    "Visit",  # MRR 120,000 → visit
    "Next steps",
    "Return on investment",
]


def test_cross_sell_documents_are_in_english(training, tmp_path):
    pdf, docx = _both(training, tmp_path)
    for expected in TRAINING_EXPECTED:
        assert _in_pdf(expected, pdf), expected
        assert expected in docx, expected
    for japanese in ("ご提案書", "費用対効果", "円"):
        assert japanese not in pdf and japanese not in docx


UPSELL_EXPECTED = [
    "Contoso Ltd.",
    "Standard plan",
    "Sales team",  # no rep name → the team
    "¥60,000",
    "+¥30,000",
    # the requested feature first, then what else the plan removes
    "26 hours (Automatic monthly reports 20 hours, Multi-currency 6 hours)",
    "¥5,000",  # hourly cost from the settings
    "¥130,000",  # 26 h × ¥5,000 a month
    "¥1,560,000",
    "+¥360,000",
    "+¥1,200,000",
    "Immediately (no one-off cost)",
    "1–2 months before your renewal on January 31, 2027",
]


def test_upsell_documents_state_roi_in_english(upsell, tmp_path):
    pdf, docx = _both(upsell, tmp_path)
    for expected in UPSELL_EXPECTED:
        assert _in_pdf(expected, pdf), expected
        assert expected in docx, expected
    assert upsell.roi.hours_per_month == 26
    assert upsell.roi.monthly_value == 130_000
