"""Demo indicator targets for 2023-2026 and the monthly values of the indicators entered by hand."""

from __future__ import annotations

import datetime as dt
import random

from demo.common import DEMO_TODAY, DemoContext, month_starts
from engagement.models import Indicator, IndicatorTarget, IndicatorValue

# Yearly targets (2023, 2024, 2025, 2026); None where the indicator did not exist yet.
TARGETS = {
    "meetings": (289, 300, 300, 300),
    "visits": (12, 9, 10, 10),
    "conferences": (74, 70, 70, 70),
    "children_engaged": (2200, 2730, 2500, 2500),
    "vnr_presenters_reached": (39, 36, 40, 40),
    "cta_endorsements": (None, 55, 70, 80),
    "alliance_members": (None, 40, 50, 60),
    "pledge_reports_received": (None, None, 200, 200),
    "follow_ups_closed_on_time": (100, 100, 100, 100),
    "social_media_reach": (1_000_000, 1_200_000, 1_500_000, 1_500_000),
    "publications": (12, 12, 12, 12),
    "media_interviews": (40, 40, 45, 45),
}
YEARS = (2023, 2024, 2025, 2026)
# Monthly ranges of the manual indicators, and the months something stood out.
MONTHLY_RANGES = {"social_media_reach": (70_000, 140_000), "publications": (0, 3), "media_interviews": (1, 6)}
PEAKS = {
    dt.date(2024, 11, 1): "Ministerial Conference in Bogota",
    dt.date(2024, 3, 1): "Investment-case roundtable and HRC report",
}


def load_indicator_targets(ctx: DemoContext) -> None:
    """One target per indicator and year, keyed by both."""
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    for code, targets in TARGETS.items():
        for year, target in zip(YEARS, targets, strict=True):
            if target is not None:
                ctx.upsert(IndicatorTarget, {"indicator": indicators[code], "year": year}, {"target": target})


def load_indicator_values(ctx: DemoContext) -> None:
    """Monthly values from January 2024 to the last full month before the demo's today."""
    rng = random.Random(2025)  # noqa: S311 - reproducible demo data, not a secret
    last_full_month = DEMO_TODAY.replace(day=1) - dt.timedelta(days=1)
    for code, (low, high) in MONTHLY_RANGES.items():
        indicator = Indicator.objects.get(code=code)
        for month in month_starts(dt.date(2024, 1, 1), last_full_month):
            value = rng.randint(low, high)
            note = PEAKS.get(month, "")
            ctx.upsert(
                IndicatorValue,
                {"indicator": indicator, "month": month},
                {"value": value * 2 if note else value, "note": note},
            )
