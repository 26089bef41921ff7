"""Return-on-investment arithmetic, kept apart so it can be tested number by number.

Seed 002: a B2B proposal must state its ROI in numbers ("saves 20 hours a month, worth
¥X a year", "pays back in 6 months"). The value of time is hours saved × the hourly cost
of staff time (a setting, overridable per account); the cost is the monthly difference
from what the customer pays today plus any one-off fee. A downsell has a negative
monthly difference: it pays back at once because the customer simply pays less.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Payback(StrEnum):
    """How the payback period reads, so the documents never print 'inf' or '-3 months'."""

    IMMEDIATE = "immediate"  # no one-off cost and a positive net gain each month
    SAVING = "saving"  # the customer pays less than today (downsell)
    MONTHS = "months"  # a one-off cost earned back after `payback_months`
    NEVER = "never"  # time saved is worth less than the extra monthly cost


@dataclass(frozen=True)
class Roi:
    """ROI of one priced choice. Money in whole currency units, per month unless named."""

    hours_per_month: float
    hourly_cost: int
    extra_monthly: int  # new monthly price minus today's; negative when it costs less
    one_time: int

    @property
    def monthly_value(self) -> int:
        return round(self.hours_per_month * self.hourly_cost)

    @property
    def yearly_value(self) -> int:
        return self.monthly_value * 12

    @property
    def extra_yearly(self) -> int:
        """Extra cost in the first year: twelve monthly differences plus the one-off fee."""
        return self.extra_monthly * 12 + self.one_time

    @property
    def net_monthly(self) -> int:
        return self.monthly_value - self.extra_monthly

    @property
    def net_yearly(self) -> int:
        return self.yearly_value - self.extra_yearly

    @property
    def payback(self) -> Payback:
        if self.net_monthly <= 0:
            return Payback.NEVER
        if self.one_time > 0:
            return Payback.MONTHS
        return Payback.SAVING if self.extra_monthly < 0 else Payback.IMMEDIATE

    @property
    def payback_months(self) -> float | None:
        """Months until the one-off fee is earned back; 0 when there is none; None if never."""
        if self.payback is Payback.NEVER:
            return None
        if self.payback is Payback.MONTHS:
            return self.one_time / self.net_monthly
        return 0.0


def compute_roi(
    *, hours_per_month: float, hourly_cost: int, new_monthly: int, today_monthly: int, one_time: int
) -> Roi:
    """ROI of moving from `today_monthly` to `new_monthly` with a one-off fee."""
    return Roi(
        hours_per_month=max(0.0, float(hours_per_month)),
        hourly_cost=max(0, int(hourly_cost)),
        extra_monthly=int(new_monthly) - int(today_monthly),
        one_time=max(0, int(one_time)),
    )
