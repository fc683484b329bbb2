"""The vocabulary of reminder rules: a candidate reminder, and which step of a schedule is due today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models

from engagement.models import User


@dataclass(frozen=True)
class Candidate:
    """A reminder a rule wants sent: its reason (rule, subject, due date, step) and its recipient.

    `member_state_id` is the State the subject belongs to, if any: focal points of other States
    never receive it.
    """

    rule: str
    subject: models.Model
    due_date: dt.date
    step: str
    recipient: User
    member_state_id: int | None = None


def step_due(*, today: dt.date, steps: list[tuple[str, dt.date]]) -> str | None:
    """The step of a schedule whose day is today, or was within the last REMINDER_CATCH_UP_DAYS.

    `steps` is in date order. Only the latest step that has arrived counts, so a sweep that missed
    a few days sends the step the item is at now, never a backlog of stale ones; past its
    catch-up window a step is not sent any more.
    """
    arrived = [(name, day) for name, day in steps if day <= today]
    if not arrived:
        return None
    name, day = arrived[-1]
    return name if (today - day).days < settings.REMINDER_CATCH_UP_DAYS else None


def days(count: int) -> dt.timedelta:
    return dt.timedelta(days=count)
