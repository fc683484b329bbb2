"""Recording, editing and deleting pledges (staff work); each write leaves a history entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pledges.choices import PledgeOrigin
from pledges.models import Pledge
from pledges.selectors import etag_matches, pledge_etag
from pledges.services.reports import next_report_due_after, pledge_status_check

if TYPE_CHECKING:
    from collections.abc import Iterable

    from engagement.models import Term, User

# Changing these moves the report cycle; the next due date is recomputed from them.
CYCLE_FIELDS = frozenset({"made_on", "reporting_interval_days"})


class PledgeVersionMismatch(Exception):
    """The caller edited a version of the pledge that is no longer the current one."""


class PledgeHasReports(Exception):
    """A pledge with progress reports cannot be deleted: the reports are its public record."""


def _pledge_check(pledge: Pledge) -> None:
    pledge_status_check(status=pledge.status, progress=pledge.progress)
    if pledge.origin == PledgeOrigin.COUNTRY_VISIT and not pledge.visit_id:
        raise ValidationError({"visit": [_("A pledge welcomed during a country visit names the visit.")]})
    if pledge.visit_id and pledge.visit.member_state_id != pledge.member_state_id:
        raise ValidationError({"visit": [_("This visit was to another Member State.")]})
    pledge.full_clean(exclude=["sdg_targets", "strategy_tags"])


def _schedule_next_report(pledge: Pledge) -> None:
    reported_on = timezone.localdate(pledge.last_reported_at) if pledge.last_reported_at else None
    pledge.next_report_due = next_report_due_after(reported_on or pledge.made_on, pledge)


@transaction.atomic
def pledge_create(*, by: User, sdg_targets: Iterable[Term] = (), **fields: Any) -> Pledge:
    """Record a pledge; its first report falls due one reporting interval after it was made."""
    pledge = Pledge(**fields)
    if pledge.made_on is None:
        pledge.made_on = timezone.localdate()
    _schedule_next_report(pledge)
    _pledge_check(pledge)
    pledge._history_user = by
    pledge._change_reason = "Pledge recorded"
    pledge.save()
    if sdg_targets:
        pledge.sdg_targets.set(sdg_targets)
    return pledge


@transaction.atomic
def pledge_update(
    *,
    pledge: Pledge,
    by: User,
    changes: dict[str, Any],
    if_match: Iterable[str] | None = None,
) -> Pledge:
    """Apply staff edits to a pledge, refusing them if `if_match` names an outdated version.

    Without `if_match` the edit is applied unconditionally (last write wins).
    """
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if if_match is not None and not etag_matches(pledge_etag(locked), if_match):
        raise PledgeVersionMismatch
    changes = dict(changes)
    sdg_targets = changes.pop("sdg_targets", None)
    for name, value in changes.items():
        setattr(locked, name, value)
    if CYCLE_FIELDS & changes.keys():
        _schedule_next_report(locked)
    _pledge_check(locked)
    locked._history_user = by
    locked._change_reason = "Pledge edited"
    locked.save()
    if sdg_targets is not None and {term.pk for term in sdg_targets} != set(
        locked.sdg_targets.values_list("pk", flat=True)
    ):
        locked.sdg_targets.set(sdg_targets)
        # A change of targets alone must change the ETag too; history already has this change.
        locked.updated_at = timezone.now()
        Pledge.objects.filter(pk=locked.pk).update(updated_at=locked.updated_at)
    return locked


@transaction.atomic
def pledge_delete(*, pledge: Pledge, by: User) -> None:
    """Delete a pledge recorded in error; one with progress reports stays (they are protected)."""
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if locked.reports.exists():
        raise PledgeHasReports
    locked._history_user = by
    locked._change_reason = "Pledge deleted"
    locked.delete()
