"""What build_content decides: quotes, choices per kind, outcomes, language, and the
errors it raises for opportunities that don't fit the catalog or the account."""

from __future__ import annotations

import pytest
import yaml
from proposal_helpers import decision, docx_text, make_content, pdf_text, squash

from webapp.proposals import Payback, ProposalSettings, render_docx, render_pdf
from webapp.proposals.wording import TEMPLATES_DIR

SETTINGS = ProposalSettings(company_name="Cloudworks")


def test_both_languages_have_the_same_strings():
    with (TEMPLATES_DIR / "strings.yaml").open(encoding="utf-8") as fh:
        strings = yaml.safe_load(fh)
    assert set(strings["ja"]) == set(strings["en"])


def test_upsell_offers_three_priced_choices(sakura_content):
    c = sakura_content
    assert [ch.key for ch in c.choices] == ["stay_option", "target", "above"]
    assert [ch.monthly_diff for ch in c.choices] == [0, 30_000, 90_000]
    assert [ch.recommended for ch in c.choices] == [False, True, False]
    assert c.choices[0].one_time == 200_000  # training as the add-on
    assert c.timing.code == "now" and c.channel.code == "online"
    assert c.problem.quotes == ["海外子会社との外貨建て取引を処理できず、Excelで換算しています。"]
    assert c.outcomes[0].headline == "月約6時間の作業を削減"  # the requested feature first
    assert "（ご要望の機能）" in c.outcomes[0].detail


def test_cross_sell_product_for_a_passive(catalog, accounts, responses):
    response = responses["r-0003"]
    dec = decision(
        response,
        "cross_sell",
        "demand-forecast",
        [
            {
                "kind": "need_addressable",
                "text": response["answers"]["blocked_need"],
                "item": "forecasting",
            }
        ],
        approach="careful",
    )
    c = make_content(
        account=accounts["minato-trading"],
        response=response,
        dec=dec,
        catalog=catalog,
        settings=SETTINGS,
    )
    assert c.lang == "ja"
    assert c.problem.quotes == [response["answers"]["blocked_need"]]
    assert "特に不満はありません" not in " ".join(c.problem.quotes)  # praise is not the problem
    assert 2 <= len(c.choices) <= 3
    assert c.choices[0].title == "需要予測システム（スタンダードプラン）"
    assert c.choices[0].monthly == 70_000 and c.choices[0].today_monthly == 0
    assert c.roi.hours_per_month == 12 and c.roi.monthly_value == 48_000
    assert c.roi.payback is Payback.NEVER  # said plainly, not hidden
    assert c.roi_table.rows[-1][1] == "時間削減だけでは回収できません"
    assert c.outcomes[0].headline.startswith("在庫データから需要を予測")  # the related reason
    assert c.channel.code == "online" and c.timing.code == "next_review"


def test_downsell_in_japanese_documents(catalog, tmp_path):
    account = {
        "id": "kita",
        "name": "北電子",
        "lang": "ja",
        "mrr": 60000,
        "renewal_date": "2027-08-31",
        "subscriptions": [
            {"product": "accounting", "plan": "accounting-standard", "seats_used": 3}
        ],
    }
    comment = "使っている機能に対して料金が高すぎると感じます。"
    response = {"id": "r-d", "account": "kita", "answers": {"nps": 7, "comment": comment}}
    dec = decision(response, "downsell", "accounting-light", approach="careful")
    c = make_content(
        account=account, response=response, dec=dec, catalog=catalog, settings=SETTINGS
    )
    assert c.problem.quotes == [comment]  # fallback: the answer, no finding given
    assert [ch.key for ch in c.choices] == ["target", "no_change"]
    assert c.roi.extra_monthly == -30_000 and c.roi.payback is Payback.SAVING
    assert c.channel.code == "phone" and c.timing.code == "now"
    pdf = squash(pdf_text(render_pdf(c, tmp_path / "d.pdf")))
    docx = docx_text(render_docx(c, tmp_path / "d.docx"))
    for expected in (
        "月額30,000円のコスト削減",
        "-30,000円",
        "-360,000円",
        "+360,000円",
        "即時（費用が下がります）",
        "ライトプラン",
        "電話",
        "ライトプランに含まれない機能：多通貨対応、月次レポート自動作成",
    ):
        assert squash(expected) in pdf, expected
        assert expected in docx, expected


def test_option_from_a_ticked_interest_without_text(catalog, accounts):
    response = {
        "id": "r-i",
        "account": "sakura-seiki",
        "lang": "ja",
        "answers": {"nps": 10, "interests": ["premium-support"]},
    }
    dec = decision(response, "cross_sell", "premium-support")
    c = make_content(
        account=accounts["sakura-seiki"],
        response=response,
        dec=dec,
        catalog=catalog,
        settings=SETTINGS,
    )
    assert c.problem.quotes == []
    assert c.problem.observations == [
        "「プレミアムサポート」について詳しく知りたいとご回答いただきました。"
    ]
    assert c.choices[0].title == "プレミアムサポート" and c.choices[0].recommended
    assert c.choices[1].title == "プレミアムサポート＋導入支援・教育"
    assert c.roi.extra_monthly == 20_000 and c.roi.monthly_value == 12_000


def test_account_hourly_cost_overrides_the_setting(catalog, accounts, responses):
    account = dict(accounts["sakura-seiki"], hourly_cost=6000)
    response = responses["r-0001"]
    dec = decision(response, "upsell", "accounting-standard")
    c = make_content(
        account=account, response=response, dec=dec, catalog=catalog, settings=SETTINGS
    )
    assert c.roi.hourly_cost == 6000
    assert c.problem.quotes == [response["answers"]["blocked_need"]]  # fallback to answers


def test_control_characters_are_dropped_and_long_text_shortened(catalog, accounts):
    text = "外貨\x00の\x1b処理\x0c" + "あ" * 1000
    response = {"id": "r-c", "account": "sakura-seiki", "answers": {"blocked_need": text}}
    dec = decision(response, "upsell", "accounting-standard")
    c = make_content(
        account=accounts["sakura-seiki"],
        response=response,
        dec=dec,
        catalog=catalog,
        settings=SETTINGS,
    )
    quote = c.problem.quotes[0]
    assert quote.startswith("外貨の処理あ") and quote.endswith("…") and len(quote) <= 601


@pytest.mark.parametrize(
    ("kind", "item", "message"),
    [
        ("upsell", "no-such-plan", "not a plan"),
        ("cross_sell", "no-such-thing", "neither an option nor a product"),
        ("upsell", "inventory-pro", "no subscription"),
        ("teleport", "x", "not one of"),
    ],
)
def test_opportunities_that_do_not_fit_raise_value_error(
    catalog, accounts, responses, kind, item, message
):
    response = responses["r-0001"]
    with pytest.raises(ValueError, match=message):
        make_content(
            account=accounts["sakura-seiki"],
            response=response,
            dec=decision(response, kind, item),
            catalog=catalog,
            settings=SETTINGS,
        )
