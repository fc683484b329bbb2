"""Pathfinding Global Alliance writes: ticking a member's milestones."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pledges.choices import Milestone
from pledges.models import AllianceMembership, AllianceMilestone

if TYPE_CHECKING:
    from engagement.models import User


@transaction.atomic
def membership_milestone_tick(
    *, membership: AllianceMembership, code: str, done_on: dt.date, by: User
) -> AllianceMilestone:
    """Mark one of a member's five Pathfinding milestones done on a date (not in the future)."""
    if code not in Milestone.values:
        raise ValidationError({"code": [_("Unknown milestone '%(code)s'.") % {"code": code}]})
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": [_("A milestone cannot be done in the future.")]})
    milestone = AllianceMilestone.objects.select_for_update().filter(
        membership=membership, code=code
    ).first() or AllianceMilestone(membership=membership, code=code)
    milestone.done_on = done_on
    milestone._history_user = by
    milestone.save()
    return milestone
