"""Bounds of what people type, held once on the model fields: the dates a record may carry and
the length of its free text. ModelForms, ModelSerializers, the admin and the CSV import inherit
them from the model; a plain form or serializer field names the same validator or length.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Nothing the Office records predates the United Nations; the strategy's horizon is 2030, and a
# date beyond 2100 is a typing slip. Inside these bounds every date computed from a recorded one
# (next report due, milestones 18 months on, reminder steps, follow-up windows) stays in the calendar.
EARLIEST_RECORDED_DATE = dt.date(1945, 10, 24)
LATEST_RECORDED_DATE = dt.date(2100, 12, 31)

# Free text, in characters. No field holds more than FREE_TEXT_MAX_LENGTH.
NOTE_MAX_LENGTH = 2_000  # a verdict's note, a vocabulary term's description
TEXT_MAX_LENGTH = 10_000  # a description, objectives, a report's narrative, notes
SUMMARY_MAX_LENGTH = 20_000  # the account of a meeting, a visit's outcome, an exchange
FREE_TEXT_MAX_LENGTH = 50_000


def validate_recorded_date(value: dt.date) -> None:
    """Refuse a date outside EARLIEST_RECORDED_DATE..LATEST_RECORDED_DATE (e.g. 9999-12-31)."""
    if value is None or EARLIEST_RECORDED_DATE <= value <= LATEST_RECORDED_DATE:
        return
    raise ValidationError(
        _("Give a date between %(earliest)s and %(latest)s."),
        code="date_out_of_range",
        params={"earliest": EARLIEST_RECORDED_DATE.isoformat(), "latest": LATEST_RECORDED_DATE.isoformat()},
    )
