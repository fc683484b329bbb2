"""`AddMonths`, the SQL twin of relativedelta(months=...), on the database under test (PostgreSQL
in CI, SQLite in the embedded default): every day of a leap and a common year, month ends included."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.db import models

from engagement.models import MemberState
from pledges.choices import MILESTONE_DUE_MONTHS
from pledges.selectors import AddMonths

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("months", [1, MILESTONE_DUE_MONTHS])
def test_add_months_keeps_to_the_last_day_of_the_month_as_relativedelta(reference_data, months):
    days = [dt.date(2023, 1, 1) + dt.timedelta(days=offset) for offset in range(2 * 366)]
    state = MemberState.objects.order_by("pk")[:1]
    annotations = {
        f"d{index}": AddMonths(models.Value(day, output_field=models.DateField()), months)
        for index, day in enumerate(days)
    }
    # In chunks: SQLite limits the columns of one SELECT.
    found = {}
    for start in range(0, len(days), 200):
        names = list(annotations)[start : start + 200]
        row = state.annotate(**{name: annotations[name] for name in names}).values(*names).get()
        found.update(row)
    wrong = [
        (day, found[f"d{i}"])
        for i, day in enumerate(days)
        if found[f"d{i}"] != day + relativedelta(months=months)
    ]
    assert not wrong, wrong[:5]
