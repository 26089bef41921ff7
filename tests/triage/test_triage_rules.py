"""One test per triage rule and trap of PRODUCT.md step 3 (demo catalog)."""

from helpers import account, pairs, run

from webapp.triage import load_rules, localized_reasons


def test_detractor_with_need_is_held():
    d = run(nps=3, blocked_need="We can't handle invoices in foreign currency.")
    assert d.category == "complaint" and d.approach == "none"
    assert pairs(d) == {("upsell", "accounting-standard")}
    assert all(o.held for o in d.opportunities)
    assert "NPS 3: detractor, no selling" in d.reasons


def test_satisfaction_one_is_a_complaint():
    assert run(nps=9, satisfaction=1).category == "complaint"


def test_negation_is_not_a_complaint():
    for text in ("No complaints, it works.", "特に不満はありません。", "エラーもなく快適です。",
                 "We never had an outage."):
        d = run(nps=9, comment=text)
        assert d.category == "no_action", (text, d.findings)
        assert not [f for f in d.findings if f.kind == "complaint"]


def test_complaint_after_a_negation_still_counts():
    d = run(nps=9, comment="No complaints about support, but the app crashes every day.")
    assert d.category == "complaint"


def test_polite_japanese_complaint():
    d = run(nps=8, comment="少し動作が重く感じることがございます。")
    assert d.category == "complaint"
    assert d.findings[0].kind == "complaint" and d.findings[0].text.startswith("少し")


def test_seat_rule_upsells_next_plan():
    d = run(account(seats=9), nps=9)
    assert pairs(d) == {("upsell", "accounting-standard")}
    assert "seats 9 of 10: upsell to accounting-standard" in d.reasons
    assert run(account(seats=7), nps=9).category == "no_action"


def test_need_upsells_to_lowest_plan_with_the_feature():
    d = run(nps=9, blocked_need="Approvals are chased by e-mail; we want a sign-off workflow.")
    assert pairs(d) == {("upsell", "accounting-pro")}
    assert d.opportunities[0].from_plan == "accounting-light"


def test_need_met_by_current_plan_is_not_an_opportunity():
    acc = account(plan="accounting-pro", seats=14)
    d = run(acc, nps=9, blocked_need="We want an approval workflow for purchases.")
    assert d.category == "no_action" and not d.opportunities
    assert not [f for f in d.findings if f.kind == "need_future"]


def test_held_feature_that_does_not_work_is_a_complaint():
    acc = account(plan="accounting-pro", seats=14)
    d = run(acc, nps=9, comment="The approval workflow doesn't work since the update.")
    assert d.category == "complaint"


def test_option_only_for_its_products():
    d = run(nps=9, interests=["maintenance-inspection"])  # inventory only
    assert d.category == "no_action" and not d.opportunities
    d = run(account("inventory", "inventory-standard", 3), nps=9,
            interests=["maintenance-inspection"])
    assert pairs(d) == {("cross_sell", "maintenance-inspection")}


def test_ticked_interest_is_a_cross_sell():
    d = run(nps=8, interests="premium-support")  # CSV shape: ';'-separated string
    assert d.category == "ready" and d.approach == "careful"
    assert pairs(d) == {("cross_sell", "premium-support")}


def test_never_cross_sell_a_product_they_have():
    acc = account("inventory", "inventory-standard", 3,
                  extra=[{"product": "demand-forecast", "plan": "demand-forecast-standard",
                          "seats_used": 2}])
    d = run(acc, nps=9, blocked_need="We keep running out of stock and guessing what to order.")
    assert ("cross_sell", "demand-forecast") not in pairs(d)


def test_need_for_related_product_is_cross_sold():
    d = run(account("inventory", "inventory-standard", 3), nps=9,
            blocked_need="欠品が多く、発注量を勘で決めています。")
    assert pairs(d) == {("cross_sell", "demand-forecast")}


def test_everyday_words_match_by_meaning():
    d = run(nps=9, blocked_need="Our supplier bills us in dollars and I convert them by hand.")
    assert ("upsell", "accounting-standard") in pairs(d)
    d = run(nps=9, blocked_need="新人が操作を覚えるまでに時間がかかります。")
    assert pairs(d) == {("cross_sell", "onboarding-training")}


def test_unmet_need_is_cannot_address_now():
    d = run(nps=9, future_need="A voice assistant to dictate entries while driving.")
    assert d.category == "cannot_address_now"
    assert d.findings[0].kind == "need_future" and d.findings[0].item is None


def test_future_need_kept_inside_a_complaint():
    d = run(nps=2, future_need="We would love an offline mobile app for the shop floor.")
    assert d.category == "complaint"
    assert [f.kind for f in d.findings] == ["need_future"]


def test_price_concern_alone_is_not_complaint():
    d = run(nps=8, comment="It is a bit expensive for us.")
    assert d.category == "no_action"
    assert "cost concern but no lower plan fits the usage" in d.reasons


def test_downsell_when_cost_too_high_and_usage_fits_lower_plan():
    acc = account(plan="accounting-pro", seats=30)
    d = run(acc, nps=7,
            comment="正直、月額が高いと感じています。承認機能はほとんど使っていません。")
    assert d.category == "ready"
    assert pairs(d) == {("downsell", "accounting-standard")}


def test_no_downsell_when_seats_do_not_fit():
    acc = account(plan="accounting-standard", seats=12)  # light allows only 10
    assert not run(acc, nps=8, comment="We pay too much for what we use.").opportunities


def test_passive_is_careful_and_no_nps_is_careful():
    assert run(account(seats=9), nps=7).approach == "careful"
    assert run(account(seats=9)).approach == "careful"


def test_unknown_account_gets_no_account_based_offers():
    d = run({}, nps=9, interests=["premium-support"])
    assert not d.opportunities


def test_empty_answers_are_no_action():
    assert run(nps=9, blocked_need="特になし", comment="N/A").category == "no_action"


def test_reasons_localise_to_japanese():
    d = run(nps=4)
    assert localized_reasons(d, "ja", load_rules())[0].startswith("NPS 4: 批判者")
