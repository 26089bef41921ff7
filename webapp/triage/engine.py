"""Triage: a pure function of (response, account, catalog, rules) -> Decision.

The steps follow PRODUCT.md step 3: read each statement (statements.py), match needs to
the catalog by meaning (index.py), turn matches into offers for this account
(offers.py), add the seat and price rules, then choose the one category. Every step
appends a plain-language reason, so a person can see why.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from webapp.triage.index import CatalogIndex, Match
from webapp.triage.model import Decision, Finding, Opportunity
from webapp.triage.offers import Catalog, Holding, Offer, as_number
from webapp.triage.rules import Rules, load_rules
from webapp.triage.statements import NEED_ROLES, Statement, statements


@dataclass
class _Work:
    """What triage of one response collects before the category is chosen."""

    rules: Rules
    findings: list[Finding] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
    codes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    used_features: dict[str, set[str]] = field(default_factory=dict)  # product -> features
    price_statements: list[Statement] = field(default_factory=list)
    last_need: tuple[str, str] | None = None  # (role, text) of the latest need read
    previous: tuple[str, str] | None = None   # (role, text) of the statement before
    keeps_plan: bool = False   # the customer says they stay on their plan

    def reason(self, key: str, **params: Any) -> str:
        self.codes.append((key, params))
        return self.rules.message(key, **params)

    def offer(self, kind: str, item: str, reason: str, **extra: Any) -> None:
        for opp in self.opportunities:
            if opp.kind == kind and opp.item == item:
                if reason not in opp.reasons:
                    opp.reasons.append(reason)
                return
        self.opportunities.append(Opportunity(kind, item, reasons=[reason], **extra))


def _score(value: Any, low: int, high: int) -> int | None:
    number = as_number(value)
    if number is None or number != int(number) or not low <= number <= high:
        return None
    return int(number)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Triager:
    """Triage against one catalog; build once, call `triage` for every response."""

    def __init__(self, catalog: dict[str, Any], rules: Rules | None = None) -> None:
        self.rules = rules or load_rules()
        self.index = CatalogIndex(catalog, self.rules)
        self.catalog = Catalog(catalog)
        self._read: dict[tuple[str, str, bool], Statement] = {}

    # -- needs -------------------------------------------------------------------------
    def _resolve(self, matches: tuple[Match, ...], held: dict[str, Holding],
                 text: str) -> tuple[Match, Offer] | None:
        """The best match that means something for this account (met or sellable)."""
        for m in matches:
            offer = self.catalog.offer(m.item, held)
            if offer.status == "met" and m.item.kind == "product":
                # prefer a feature of the same product: it may be in a higher plan
                for f in matches:
                    if f.item.kind == "feature" and f.item.product == m.item.id:
                        m, offer = f, self.catalog.offer(f.item, held)
                        break
            if offer.status == "met":
                return self._beyond_met(m, offer, matches, held, text)
            if offer.status == "upsell":
                return self._lowest_plan(m, offer, matches, held)
            if offer.status != "unavailable":
                return self._prefer_owned(m, offer, matches, held)
        return None

    def _prefer_owned(self, best: Match, offer: Offer, matches: tuple[Match, ...],
                      held: dict[str, Holding]) -> tuple[Match, Offer]:
        """A whole product they do not have is proposed only when it covers the ask
        better than what their own products offer: 「三館の予約をまとめて見たい」 scores a
        messaging product (its blurb says 一元化 and 予約) a little above the
        multi-property feature of the system they already run."""
        if offer.status != "cross_sell" or best.item.kind == "option":
            return best, offer
        floor = self.rules.own_product_ratio * best.score
        for other in matches:
            if other.score < floor:
                break
            if other.item.kind != "feature" or other.item.product not in held:
                continue
            alt = self.catalog.offer(other.item, held)
            if alt.status == "upsell":
                return self._lowest_plan(other, alt, matches, held)
            if alt.status == "met":
                return other, alt
        return best, offer

    def _lowest_plan(self, best: Match, offer: Offer, matches: tuple[Match, ...],
                     held: dict[str, Holding]) -> tuple[Match, Offer]:
        """Among features of the same product that fit the need about as well (within
        `matching.plan_tie_ratio`), propose the one in the lowest plan: "pickers walk the
        whole warehouse" fits pick-path (Growth) as well as wave picking (Scale)."""
        holding = held.get(best.item.product or "")
        if holding is None:
            return best, offer
        ladder = [p.id for p in holding.plans]
        floor = self.rules.plan_tie_ratio * best.score
        chosen, rank = (best, offer), ladder.index(offer.item) if offer.item in ladder else 0
        for other in matches:
            if other.score < floor:
                break
            if other is best or other.item.kind != "feature" \
                    or other.item.product != best.item.product:
                continue
            alt = self.catalog.offer(other.item, held)
            if alt.status == "upsell" and alt.item in ladder and ladder.index(alt.item) < rank:
                chosen, rank = (other, alt), ladder.index(alt.item)
        return chosen

    def _beyond_met(self, met: Match, offer: Offer, matches: tuple[Match, ...],
                    held: dict[str, Holding], st_text: str) -> tuple[Match, Offer]:
        """A held item matched; is the need really about something else they lack?

        "Invoices arrive in dollars" matches invoicing (held) and multi-currency (not):
        the part they already have is not the need.
        """
        floor = self.rules.met_alternative_ratio * met.score
        weight = self.index.analyse(st_text).weight
        have = set(met.item.concepts)
        for other in matches:
            if other is met or other.score < floor:
                continue
            # it must bring a concept of the main ask, not of a side remark, and not one
            # a better-scoring item they hold already carries ("精算も出荷の記録から":
            # shipping is theirs, so a shipping option brings nothing new)
            new = {c for c in other.concepts - have - self.rules.context_concepts
                   if weight.get(c, 0.0) >= 1.0}
            alt = self.catalog.offer(other.item, held)
            if new and alt.status in ("upsell", "cross_sell"):
                return other, alt
            if alt.status == "met":
                have |= other.concepts
        return met, offer

    def _need(self, st: Statement, held: dict[str, Holding], work: _Work,
              about: str | None = None) -> str:
        """Classify a need statement; returns met | addressable | future | complaint.

        `about` is the text to match when it is more than the sentence itself (a
        sentence that only says how, read together with the one before it)."""
        text = about or st.text
        matches = self.index.match(text)
        chosen = self._resolve(matches, held, text)
        unavailable = [m for m in matches if self.catalog.offer(m.item, held).status
                       == "unavailable" and m.item.kind == "option"]
        if chosen is None:
            if st.not_working:
                return "complaint"
            for m in unavailable[:1]:
                work.reason("option_not_for", option=m.item.id,
                            products=", ".join(sorted(held)) or "this account")
            return "future"
        match, offer = chosen
        if not self._explains(st, text, match, offer):
            # a look-alike (trying the next candidate instead was measured: it lost more
            # than it won on the labelled sets)
            return "future"
        if offer.status == "met":
            if st.not_working or st.soft or st.incident:
                return "complaint"
            if offer.product:
                work.used_features.setdefault(offer.product, set()).add(match.item.id)
            work.reason("need_met", text=_short(st.text), item=match.item.id, where=offer.where)
            return "met"
        index = len(work.findings)
        work.findings.append(Finding("need_addressable", st.text, match.item.id, st.role,
                                     st.need or st.not_working, round(match.score, 3)))
        self._propose(match, offer, index, work)
        best = match.score
        for other in matches:
            if other is match or other.item.group == match.item.group:
                continue
            if other.score < self.rules.secondary_ratio * best:
                break
            extra = other.concepts - match.item.concepts - self.rules.context_concepts
            more = self.catalog.offer(other.item, held)
            # a second whole product for the same sentence needs a stronger case: it
            # must score as well as the first ("scan the signed slip" is no QR need)
            if more.status == "cross_sell" and other.item.kind != "option" and (
                    other.score < best or (match.item.product in held and best
                                           >= self.rules.own_product_ratio * other.score)):
                continue  # (or their own product already covers it: _prefer_owned)
            if extra and more.status in ("upsell", "cross_sell"):
                self._propose(other, more, index, work)
                break
        return "addressable"

    def _explains(self, st: Statement, text: str, match: Match, offer: Offer) -> bool:
        """Does the matched item account for what is asked, or only look like it?"""
        if self.rules.missing_concepts_rule:
            asking = st.role == "future_need" or self.index.asks(text)
            missing = self.index.missing_weight(text, asking)
            matched = self.index.covered_weight(text, match.concepts)
            if not match.concepts:
                # met through the item's own words ("講師", "急"): as good as a concept
                matched = max(matched, self.rules.concept_weight)
            if missing and (missing >= matched if offer.status == "met" else missing > matched):
                return False
            if asking and not self.index.covers_head(text, match.concepts) \
                    and not self.index.named_by_words(text, match):
                return False
        if self.rules.unexplained_ratio:
            # most of what is asked lies outside the item: a look-alike, not this item
            # ("pay the rent by card at a convenience store" is no bank-transfer billing)
            done, left = self.index.coverage(text, match.item)
            ratio = self.rules.unexplained_ratio
            if offer.status == "met" and self.rules.met_unexplained_ratio:
                ratio = self.rules.met_unexplained_ratio
            if st.role == "future_need" and self.rules.future_unexplained_ratio:
                # a wish for the future is a new thing more often than not: an item, held
                # or not, must explain most of it ("rent out our printer by the hour and
                # let artists book a slot online" is no press-monitoring option)
                ratio = min(ratio, self.rules.future_unexplained_ratio)
            if left > ratio * (done + self.index.covered_weight(text, match.concepts)):
                return False
        return True

    def _propose(self, match: Match, offer: Offer, index: int, work: _Work) -> None:
        item = match.item
        assert offer.item is not None
        if offer.status == "upsell":
            reason = work.reason("need_upsell", feature=item.id, plan=offer.item)
            work.offer("upsell", offer.item, reason, product=offer.product,
                       from_plan=offer.from_plan, feature=item.id, finding_index=index,
                       source="need")
        elif item.kind == "option":
            reason = work.reason("need_option", text=_short(work.findings[index].text),
                                 option=offer.item)
            work.offer("cross_sell", offer.item, reason, finding_index=index, source="need")
        else:
            reason = work.reason("need_product", text=_short(work.findings[index].text),
                                 product=offer.item)
            work.offer("cross_sell", offer.item, reason, product=offer.item,
                       feature=item.id if item.kind == "feature" else None,
                       finding_index=index, source="need")

    # -- statements --------------------------------------------------------------------
    def _statement(self, st: Statement, held: dict[str, Holding], work: _Work) -> None:
        """Judge one sentence; the next one may lean on it (`_leans_on_previous`)."""
        if st.empty:
            return
        work.keeps_plan = work.keeps_plan or st.keeps_plan
        self._judge(st, held, work)
        work.previous = (st.role, st.text)

    def _judge(self, st: Statement, held: dict[str, Holding], work: _Work) -> None:
        if self._consequence(st, held, work):
            # "Twice this year a car came back a day late.": what the need costs them
            st = replace(st, complaint=None, incident=None, soft=None, not_working=None)
        if st.complaint:
            self._complaint(st, st.complaint, work)
            return
        if st.incident and (st.vendor or self.rules.support_concepts
                            & self.index.analyse(st.text).concepts):
            # "the sync failed twice", 「問い合わせの返事が三日後」: a failure of what they
            # have (the vendor, its product, its support) told as a fact is a complaint
            self._complaint(st, st.incident, work)
            return
        if st.incident and self._owned_failed(st, held):
            # "the end-of-day report didn't finish on three nights": a feature they have
            self._complaint(st, st.incident, work)
            return
        if st.not_working or st.soft:
            # "X doesn't work" / "slow": a complaint unless it is really a need the catalog
            # can sell ("month-end is slow because we retype everything")
            wants = st.not_working or st.wants or st.role in NEED_ROLES
            if not wants or self._need(st, held, work) != "addressable":
                self._complaint(st, st.not_working or st.soft or "", work)
            return
        if st.price and not (st.wants and self._sellable(st, held)):
            work.price_statements.append(st)
            if st.praise:  # 「高いけれど、返金期限の管理は本当に助かっている」
                self._note_used(st.text, held, work)
            return
        if st.wants:
            if st.role not in NEED_ROLES and not self.index.analyse(st.text).concepts:
                return  # "少し困っております": a feeling, not a need we could act on
            if st.follow and st.implicit and not self._topical(st.text):
                return  # "That's a lot of steps on a busy night.": says more of the need before
            about = None
            if self._after_need(st, work) and st.implicit and st.because:
                return  # 「常連さんは…としか言わないので。」 only says why the need before it
            before = work.previous if st.follow and work.previous \
                and work.previous[0] == st.role else None
            if before and self._leans_on_previous(st.text):
                # 「自動で知らせてくれる仕組みがあると助かります」 after the heat-index
                # sentence says how the need before it should be met, "I'd like it all in
                # one place." what: read them together
                about = before[1] + " " + st.text
            outcome = self._need(st, held, work, about)
            work.last_need = (st.role, st.text)
            if outcome == "future":
                work.findings.append(Finding("need_future", st.text, None, st.role, st.need))
                work.reason("need_future", text=_short(st.text))
            elif outcome == "complaint":
                self._complaint(st, st.need or "", work)
            return
        if st.praise:
            work.findings.append(Finding("praise", st.text, None, st.role, st.praise))
            self._note_used(st.text, held, work)

    def _note_used(self, text: str, held: dict[str, Holding], work: _Work) -> None:
        """Features praised are features in use: 「行事の出欠の集計は毎回大活躍」 keeps
        the plan that has them, whatever the cost remark next to it says."""
        for m in self.index.match(text)[:3]:
            offer = self.catalog.offer(m.item, held)
            if offer.status == "met" and offer.product and m.item.kind == "feature":
                work.used_features.setdefault(offer.product, set()).add(m.item.id)

    def _owned_failed(self, st: Statement, held: dict[str, Holding]) -> bool:
        """Is what a recounted failure is about something the account already has?
        Only what exists can fail: any item they hold that the sentence names will do
        (「勤怠の集計が終わりませんでした」 names their attendance product)."""
        return any(self.catalog.offer(m.item, held).status == "met"
                   for m in self.index.match(st.text))

    def _consequence(self, st: Statement, held: dict[str, Holding], work: _Work) -> bool:
        """In an answer about a need, a later sentence telling what went wrong for them
        (「先日は二日も返信が遅れて、お客様は他のお店で決めてしまわれました」) is what
        the need costs, not a complaint about us: it names neither us, our product nor
        our support."""
        if st.role not in NEED_ROLES or not self._after_need(st, work) or st.vendor:
            return False
        if not (st.complaint or st.incident):
            return False
        if self.rules.support_concepts & self.index.analyse(st.text).concepts:
            return False
        # "the export didn't finish twice last week" is still about what they have
        return st.complaint is not None or not self._owned_failed(st, held)

    @staticmethod
    def _after_need(st: Statement, work: _Work) -> bool:
        """Is this a later sentence of the answer whose need was just read?"""
        return st.follow and work.last_need is not None and work.last_need[0] == st.role

    def _leans_on_previous(self, text: str) -> bool:
        """Does a sentence name only how something is done (automatically, with an
        alert) or point back ("it all", 「そのあたり」), with no what of its own?"""
        r = self.rules
        concepts = self.index.analyse(text).concepts - r.context_concepts
        return concepts <= r.connector_concepts and self.index.own_weight(text) <= 1.0

    def _topical(self, text: str) -> bool:
        """Does the sentence name something a catalog could be about?"""
        concepts = self.index.analyse(text).concepts - self.rules.context_concepts
        return bool(concepts) or bool(self.index.match(text))

    def _sellable(self, st: Statement, held: dict[str, Holding]) -> bool:
        chosen = self._resolve(self.index.match(st.text), held, st.text)
        return chosen is not None and chosen[1].status in ("upsell", "cross_sell")

    def _complaint(self, st: Statement, cue: str, work: _Work) -> None:
        work.findings.append(Finding("complaint", st.text, None, st.role, cue))
        work.reason("complaint_statement", cue=cue, text=_short(st.text))

    # -- account rules -----------------------------------------------------------------
    def _seats(self, held: dict[str, Holding], work: _Work) -> set[str]:
        """Upsell the next plan when seats used reach the usage ratio of the limit."""
        crowded: set[str] = set()
        for holding in held.values():
            plan = holding.plan
            if plan is None or plan.seat_limit is None or holding.seats is None:
                continue
            if holding.seats < self.rules.seat_usage_ratio * plan.seat_limit:
                continue
            crowded.add(holding.product)
            assert holding.index is not None
            if holding.index + 1 >= len(holding.plans):
                work.reason("seats_top", used=holding.seats, limit=plan.seat_limit, plan=plan.id)
                continue
            nxt = holding.plans[holding.index + 1]
            reason = work.reason("seats_upsell", used=holding.seats, limit=plan.seat_limit,
                                 plan=nxt.id)
            work.offer("upsell", nxt.id, reason, product=holding.product, from_plan=plan.id,
                       source="seats")
        return crowded

    def _downsell(self, held: dict[str, Holding], crowded: set[str], work: _Work) -> None:
        """Cost concern + usage that fits a lower plan -> the lowest plan that fits.

        Fits: seats used stay under the usage ratio of its limit (or it is unlimited) and
        it has every feature the customer said they use or need.
        """
        if not work.price_statements:
            return
        st = work.price_statements[0]
        if work.keeps_plan:
            work.reason("price_only")  # 「今のプランのまま続けるつもりです」
            return
        found = False
        for holding in held.values():
            if holding.product in crowded or not holding.index or holding.seats is None:
                continue
            needed = work.used_features.get(holding.product, set())
            for plan in holding.plans[: holding.index]:
                if plan.seat_limit is not None and holding.seats > plan.seat_limit:
                    continue
                if not needed <= plan.features:
                    continue
                index = len(work.findings)
                work.findings.append(Finding("need_addressable", st.text, plan.id, st.role,
                                             st.price))
                current = holding.plans[holding.index].id
                reason = work.reason("downsell", used=holding.seats, plan=plan.id,
                                     limit=plan.seat_limit or "none", current=current)
                work.offer("downsell", plan.id, reason, product=holding.product,
                           from_plan=current, finding_index=index, source="price")
                found = True
                break
        if not found:
            work.reason("price_only")

    def _interests(self, value: Any, held: dict[str, Holding], work: _Work) -> None:
        if isinstance(value, str):
            value = [v for v in value.replace(",", ";").split(";")]
        if not isinstance(value, list | tuple):
            return
        for raw in value[:50]:
            if not isinstance(raw, str) or not raw.strip():
                continue
            option = raw.strip()
            if option not in self.catalog.option_for:
                work.reason("interest_unknown", option=_short(option, 40))
                continue
            allowed = self.catalog.option_for[option]
            if held and (allowed is None or allowed & held.keys()):
                work.offer("cross_sell", option, work.reason("interest", option=option),
                           source="interest")
            else:
                work.reason("option_not_for", option=option,
                            products=", ".join(sorted(held)) or "this account")

    # -- the decision ------------------------------------------------------------------
    def triage(self, response: dict[str, Any], account: dict[str, Any] | None = None,
               resolved: dict[str, Any] | None = None) -> Decision:
        """Sort one response into exactly one category, with findings and reasons.

        `resolved` ({"by", "at"}) says a person resolved this response's complaint: the
        complaint findings stay, but no longer hold the opportunities (PRODUCT.md step 3).
        """
        response = response if isinstance(response, dict) else {}
        answers = response.get("answers")
        answers = answers if isinstance(answers, dict) else {}
        work = _Work(self.rules)
        nps = _score(answers.get("nps"), 0, 10)
        sat = _score(answers.get("satisfaction"), 1, 5)
        held = self.catalog.holdings(account)
        if nps is None:
            work.reason("no_nps")
        elif nps <= self.rules.nps_detractor_max:
            work.reason("nps_detractor", nps=nps)
        elif nps <= self.rules.nps_passive_max:
            work.reason("nps_passive", nps=nps)
        else:
            work.reason("nps_promoter", nps=nps)
        if sat is not None and sat <= self.rules.satisfaction_complaint_max:
            work.reason("satisfaction_low", value=sat)
        if not isinstance(account, dict):
            work.reason("account_unknown")
        for st in statements(answers, self.rules, self._read):
            self._statement(st, held, work)
        self._interests(answers.get("interests"), held, work)
        crowded = self._seats(held, work)
        self._downsell(held, crowded, work)
        return self._decide(response, account, nps, sat, work, resolved)

    def _decide(self, response: dict[str, Any], account: dict[str, Any] | None,
                nps: int | None, sat: int | None, work: _Work,
                resolved: dict[str, Any] | None = None) -> Decision:
        r = self.rules
        complaint = (any(f.kind == "complaint" for f in work.findings)
                     or (nps is not None and nps <= r.nps_detractor_max)
                     or (sat is not None and sat <= r.satisfaction_complaint_max))
        if complaint and resolved:
            work.reason("complaint_resolved", by=resolved.get("by") or "-",
                        day=str(resolved.get("at") or "")[:10])
            complaint = False
        if complaint:
            category, approach = "complaint", "none"
            for opp in work.opportunities:
                opp.held = True
            if work.opportunities:
                work.reason("held")
        elif work.opportunities:
            category = "ready"
            if nps is None:
                approach = r.approach_without_nps
            else:
                approach = "proactive" if nps > r.nps_passive_max else "careful"
        elif any(f.kind == "need_future" for f in work.findings):
            category, approach = "cannot_address_now", "none"
        else:
            category, approach = "no_action", "none"
        account_id = response.get("account")
        if account_id is None and isinstance(account, dict):
            account_id = account.get("id")
        return Decision(
            response=str(response["id"]) if response.get("id") is not None else None,
            account=str(account_id) if account_id is not None else None,
            category=category, approach=approach, opportunities=work.opportunities,
            findings=work.findings, reasons=[r.message(k, **p) for k, p in work.codes],
            reason_codes=work.codes, nps=nps, satisfaction=sat,
        )


def triage(response: dict[str, Any], account: dict[str, Any] | None,
           catalog: dict[str, Any], rules: Rules | None = None,
           resolved: dict[str, Any] | None = None) -> Decision:
    """One-off convenience; build a `Triager` once when triaging many responses."""
    return Triager(catalog, rules).triage(response, account, resolved)


def localized_reasons(decision: Decision, lang: str, rules: Rules | None = None) -> list[str]:
    """The decision's reasons in another language (templates in rules/<lang>.yaml)."""
    rules = rules or load_rules()
    return [rules.message(key, lang, **params) for key, params in decision.reason_codes]
