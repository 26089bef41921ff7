"""Round seven: what an answer says around a sentence, and a few new ways of saying things.

The wording here is in no labelled set, so each test checks a rule, not a phrase. The
small catalog below has one notice feature and one spray-record feature, enough to show
a sentence being read with its neighbour.
"""

from helpers import account, pairs, run

from webapp.triage import Triager, load_rules
from webapp.triage.statements import read

NOTICE_CATALOG = {
    "currency": "JPY",
    "products": [{
        "id": "yard", "name": {"en": "Yard manager", "ja": "圃場管理"},
        "description": {"en": "Fields, crews and records", "ja": "圃場と作業と記録"},
        "features": [
            {"id": "notices", "name": {"en": "Notices", "ja": "お知らせ配信"},
             "description": {"en": "Send notices to all staff automatically",
                             "ja": "職員全員にお知らせを自動で配信"},
             "keywords": {"en": ["notice", "announcement"], "ja": ["お知らせ", "一斉配信"]}},
            {"id": "spray-records",
             "name": {"en": "Spray records", "ja": "散布記録"},
             "description": {"en": "Record each spray application with product, rate and date",
                             "ja": "散布ごとに薬剤・倍率・日付を記録"},
             "keywords": {"en": ["spray log"], "ja": ["散布記録"]}},
        ],
        "plans": [
            {"id": "yard-basic", "name": {"en": "Basic"}, "monthly_price": 1000,
             "seat_limit": 50, "features": []},
            {"id": "yard-plus", "name": {"en": "Plus"}, "monthly_price": 2000,
             "seat_limit": 50, "features": ["notices", "spray-records"]},
        ],
    }],
    "options": [],
    "related": [],
}


def _cues(text: str, role: str = "comment"):
    return read(role, text, load_rules())


def _yard(**answers):
    triager = Triager(NOTICE_CATALOG)
    acc = {"id": "farm", "subscriptions": [{"product": "yard", "plan": "yard-basic",
                                            "seats_used": 3}]}
    return triager.triage({"id": "r", "account": "farm", "answers": answers}, acc)


def test_nothing_to_do_with_you_clears_the_rest_of_the_answer():
    d = run(nps=8, comment="Our delivery van broke down twice in the snow. "
                           "Nothing to do with your software, of course.")
    assert d.category != "complaint", d.reasons
    d = run(nps=8, comment="先月は配送のトラックが故障して大変でした。御社のせいではありません。")
    assert d.category != "complaint", d.reasons
    # the product named as what failed keeps its complaint
    d = run(nps=8, comment="The app crashed during the stocktake. Not your fault, I guess.")
    assert d.category == "complaint", d.reasons


def test_what_would_have_helped_is_a_need_not_praise():
    for text in ("A heads-up when stock ran low would have saved us a weekend of rush orders.",
                 "在庫が少なくなった時に知らせてくれる機能があれば防げたと思います。"):
        st = _cues(text)
        assert st.need is not None, text
    # an improvement that happened is still praise
    assert _cues("It has saved us a weekend every quarter.").need is None


def test_a_sentence_that_only_says_how_is_read_with_the_need_before_it():
    alone = _yard(nps=8, blocked_need="自動で知らせてくれる仕組みがあると助かります。")
    assert ("upsell", "yard-plus") in pairs(alone)  # on its own it reads as a notice need
    d = _yard(nps=8, blocked_need="社用車の車検の時期を毎回ホワイトボードで確認しています。"
                                  "自動で知らせてくれる仕組みがあると助かります。")
    assert d.category == "cannot_address_now", d.reasons
    assert not d.opportunities


def test_a_sentence_that_only_gives_a_reason_is_no_need_of_its_own():
    assert _cues("仕入れ先が多いので。").because
    assert _cues("Because the suppliers all use different forms.").because
    d = _yard(nps=8, blocked_need="車検の時期を毎回ホワイトボードで確認しています。"
                                  "職員全員へのお知らせが多いので。")
    assert not d.opportunities, d.reasons


def test_an_item_named_by_several_of_its_words_is_the_ask():
    # "food safety" is a concept no item has; spray, application, rate and date are
    # the spray-record feature's own words
    d = _yard(nps=8, blocked_need="For food safety our buyer wants each spray "
                                  "application with its rate and date.")
    assert ("upsell", "yard-plus") in pairs(d), d.reasons


def test_support_that_cannot_be_reached_is_a_complaint():
    for text in ("サポートに電話してもなかなかつながりません。",
                 "問い合わせのメールへの返信が、いつも翌週になります。",
                 "We couldn't get through to support all week."):
        d = run(nps=8, comment=text)
        assert d.category == "complaint", (text, d.reasons)


def test_failures_of_what_they_have_told_as_events_are_complaints():
    # totals that did not match, something sent twice: the account has the reports and
    # the invoice mails
    acc = account(plan="accounting-standard")
    for text in ("日報と月次の集計で数字が合わないことが何度かありました。",
                 "The monthly report and the ledger totals didn't match twice this quarter.",
                 "先月、請求書のメールが一部のお客様に二通ずつ届いてしまいました。",
                 "Last month every invoice e-mail was sent twice to our clients."):
        d = run(acc, nps=8, comment=text)
        assert d.category == "complaint", (text, d.reasons)


def test_weather_temperature_self_service_and_absence_words():
    concepts = load_rules().concepts.concepts
    assert "weather" in concepts("a warning when it gets too cold at night")
    assert "weather" in concepts("遅霜の警報がほしい")
    assert "temperature" in concepts("nobody checks the cooler readings")
    assert "customer_portal" in concepts("clients could log in and download invoices themselves")
    assert "absence" in concepts("parents report when a child is off sick")
    assert "absence" not in concepts("staff clock in at the door")
    assert "currency" not in concepts("市場の相場が来週どうなりそうか")


def test_a_trouble_that_went_away_is_no_complaint():
    for text in ("お客様からも入口で待たされなくなったと言っていただいています。",
                 "We no longer queue at the till on Saturdays.",
                 "Terrible luck with the weather, but the app handled the refunds well."):
        assert not (_cues(text).complaint or _cues(text).soft), text


def test_complaints_from_their_own_customers_are_theirs():
    for text in ("会場の空調が故障して、お客様から苦情をいただきました。",
                 "Noise complaints from the neighbours are a constant worry.",
                 "We get blamed by residents when a parcel goes missing.",
                 "見落としがないか不安です。",
                 "I always worry we'll miss one of the renewal dates."):
        d = run(nps=8, comment=text)
        assert d.category != "complaint", (text, d.reasons)


def test_a_cost_remark_that_ends_in_staying_is_no_downsell():
    acc = account(plan="accounting-pro", seats=3)
    base = run(acc, nps=8, comment="月額がもう少しお安くなると助かります。")
    assert any(o.kind == "downsell" for o in base.opportunities), base.reasons
    for text in ("月額がもう少しお安くなると助かりますが、今のプランのまま続けるつもりです。",
                 "The monthly fee is a bit high for us, but it's worth it.",
                 "月々の料金は高く感じますが、仕方ないかなと思っています。"):
        d = run(acc, nps=8, comment=text)
        assert not any(o.kind == "downsell" for o in d.opportunities), (text, d.reasons)


def test_run_out_means_stock_not_expiry():
    concepts = load_rules().concepts.concepts
    assert "forecasting" in concepts("the popular colours run out before I notice")
    assert "forecasting" not in concepts("a vaccination certificate has run out")
    assert "forecasting" not in concepts("it would save me a wasted trip")


def test_examples_in_brackets_weigh_like_a_side_remark():
    index = Triager(NOTICE_CATALOG).index
    a = index.analyse("常連のお客様の好み（枕の高さ、苦手な食材など）を若手へ引き継ぎたいです。")
    assert {"枕", "食材"} <= a.weak_words
    assert "好み" not in a.weak_words
    b = index.analyse("When someone moves out I do the deposit math by hand (cleaning, carpet).")
    assert "carpet" in b.weak_words


def test_a_technology_an_item_only_runs_on_is_no_match():
    catalog = {"products": [{
        "id": "shop", "name": {"en": "Shop"},
        "features": [
            {"id": "till", "name": {"en": "Quick till"},
             "description": {"en": "Ring up sales on a tablet or smartphone"}},
            {"id": "multilingual-forms", "name": {"en": "Multilingual forms"},
             "description": {"en": "Forms in Spanish, Portuguese and Chinese"}},
        ],
        "plans": [{"id": "shop-basic", "features": ["till", "multilingual-forms"]}]}]}
    index = Triager(catalog).index
    assert not [m for m in index.match("Customers want to see the queue length on their "
                                       "smartphone.") if m.item.id == "till"]
    assert [m for m in index.match("Some clients only speak Spanish or Portuguese.")
            if m.item.id == "multilingual-forms"]


def test_what_a_need_costs_them_is_no_complaint():
    acc = account(plan="accounting-light")
    d = run(acc, nps=8, blocked_need="Orders from our web shop are typed into the books by hand. "
                                     "Twice this year an order went missing and a customer "
                                     "waited a week for their goods.")
    assert d.category != "complaint", d.reasons
    # the same place, but what failed is theirs from us
    d = run(acc, nps=8, blocked_need="Orders from our web shop are typed into the books by "
                                     "hand. The invoicing run didn't finish twice last week.")
    assert d.category == "complaint", d.reasons


def test_a_trouble_told_before_the_workaround_is_the_products():
    assert _cues("請求書を印刷すると金額の欄がずれてしまい、毎回手で書き直しています。").soft
    assert _cues("The export screen is so slow that we copy the figures by hand.").soft
    # the customer's own handwriting misread stays their own
    assert not _cues("手で書いた伝票の読み間違いが多いです。").soft


def test_a_wish_for_the_future_must_be_explained_more():
    wish = ("One day we'd like to send notices to all staff about the weekly harvest quiz, "
            "with prizes for the winners.")
    assert ("upsell", "yard-plus") in pairs(_yard(nps=8, blocked_need=wish))
    d = _yard(nps=8, future_need=wish)  # the same words, as a wish for the future
    assert d.category == "cannot_address_now" and not d.opportunities, d.reasons
    # a wish the item explains is still sold
    d = _yard(nps=8, future_need="In future we'd like to send notices to all staff automatically.")
    assert ("upsell", "yard-plus") in pairs(d), d.reasons


def test_slow_to_open_is_mild_and_their_broken_fixtures_are_theirs():
    assert _cues("It would be nice if the report didn't take so long to open.").soft
    d = run(nps=9, comment="When a cleaner spots a broken hand dryer they log it and our "
                           "handyman picks it up.")
    assert d.category != "complaint", d.reasons
