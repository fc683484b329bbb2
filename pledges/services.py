"""Every write on pledges, reports and Alliance records that does more than save one row."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from engagement.models import MemberState
from engagement.roles import is_staff, staff_write_check
from engagement.services import model_update
from pledges.choices import FINAL_STATUSES, Milestone, PledgeOrigin, PledgeStatus, Verdict, Visibility
from pledges.evidence import CheckedUpload, evidence_files_check
from pledges.models import (
    AllianceMembership,
    AllianceMilestone,
    CtaEndorsement,
    EvidenceFile,
    Pledge,
    ProgressReport,
    ReportPublication,
    ReportVerification,
)
from pledges.selectors import computed_verification, etag_matches, pledge_etag
from pledges.signals import report_disputed, report_received

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from django.core.files.uploadedfile import UploadedFile
    from django.db.models import QuerySet

    from engagement.models import Term, User


# Changing these moves the report cycle; the next due date is recomputed from them.
CYCLE_FIELDS = frozenset({"made_on", "reporting_interval_days"})


class PledgeVersionMismatch(Exception):
    """The caller edited a version of the pledge that is no longer the current one."""


class PledgeHasReports(Exception):
    """A pledge with progress reports cannot be deleted: the reports are its public record."""


class DuplicatePledge(ValidationError):
    """The State already has a pledge of that title (case and spacing ignored); `existing` is it.

    A ValidationError, so a caller that does not know it still refuses the write with the
    message; the API answers it with a 409 naming the existing pledge, the page links to it.
    """

    def __init__(self, existing: Pledge):
        self.existing = existing
        super().__init__(
            {"title": [_("This Member State already has a pledge with this title.")]}, code="duplicate"
        )


class DuplicateReport(ValidationError):
    """The report repeats its author's latest one on the pledge, sent less than 24 hours ago."""

    def __init__(self):
        super().__init__(
            _(
                "This report is identical to the one you sent less than 24 hours ago (same status, "
                "progress, narrative and evidence), so it was not recorded again. Say what changed, "
                "or confirm that nothing changed after 24 hours."
            ),
            code="duplicate",
        )


# A report equal to its author's latest one within this window is a double submission.
DUPLICATE_REPORT_WINDOW = dt.timedelta(hours=24)

# The history reason of a change of visibility: publishing is a deliberate act, and says so.
VISIBILITY_REASONS = {Visibility.PUBLIC: "Pledge published", Visibility.INTERNAL: "Pledge unpublished"}


def pledge_title_key(title: str) -> str:
    """A title as duplicates are compared: case ignored, runs of whitespace as one space."""
    return " ".join(title.split()).casefold()


def _pledge_unique_title_check(pledge: Pledge) -> None:
    """Refuse a second pledge of one State with the same title (case and spacing ignored).

    The State's row is locked first (FOR NO KEY UPDATE: rows referring to the State are not
    held up), so two requests recording the same pledge at once run one after the other and the
    second sees the first. A database constraint cannot collapse whitespace portably.
    """
    MemberState.objects.select_for_update(no_key=True).only("pk").get(pk=pledge.member_state_id)
    key = pledge_title_key(pledge.title)
    others = Pledge.objects.filter(member_state_id=pledge.member_state_id).exclude(pk=pledge.pk)
    for pk, title in others.values_list("pk", "title").iterator():
        if pledge_title_key(title) == key:
            raise DuplicatePledge(Pledge.objects.get(pk=pk))


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
    staff_write_check(by)
    pledge = Pledge(**fields)
    if pledge.made_on is None:
        pledge.made_on = timezone.localdate()
    _schedule_next_report(pledge)
    _pledge_check(pledge)
    _pledge_unique_title_check(pledge)
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
    staff_write_check(by)
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if if_match is not None and not etag_matches(pledge_etag(locked), if_match):
        raise PledgeVersionMismatch
    changes = dict(changes)
    sdg_targets = changes.pop("sdg_targets", None)
    before = {name: getattr(locked, name) for name in ("title", "member_state_id", "visibility")}
    for name, value in changes.items():
        setattr(locked, name, value)
    if CYCLE_FIELDS & changes.keys():
        _schedule_next_report(locked)
    _pledge_check(locked)
    if (locked.title, locked.member_state_id) != (before["title"], before["member_state_id"]):
        _pledge_unique_title_check(locked)
    locked._history_user = by
    locked._change_reason = (
        VISIBILITY_REASONS[locked.visibility]
        if locked.visibility != before["visibility"]
        else "Pledge edited"
    )
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
def pledge_publish(*, pledge: Pledge, by: User, visibility: str = Visibility.PUBLIC) -> Pledge:
    """Publish a pledge to the public feed on purpose, or take it back (`visibility="internal"`).

    Staff only; the history records who did it and why. Publishing a public pledge again
    records nothing.
    """
    staff_write_check(by)
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": [_("Choose public or internal.")]})
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if locked.visibility != visibility:
        locked.visibility = visibility
        locked._history_user = by
        locked._change_reason = VISIBILITY_REASONS[visibility]
        locked.save(update_fields=["visibility", "updated_at"])
    return locked


@transaction.atomic
def pledge_delete(*, pledge: Pledge, by: User) -> None:
    """Delete a pledge recorded in error; one with progress reports stays (they are protected)."""
    staff_write_check(by)
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if locked.reports.exists():
        raise PledgeHasReports
    locked._history_user = by
    locked._change_reason = "Pledge deleted"
    locked.delete()


if TYPE_CHECKING:
    from engagement.models import User


def pledge_status_check(*, status: str, progress: int) -> None:
    """Refuse a status and progress that contradict each other: achieved means 100%."""
    if status == PledgeStatus.ACHIEVED and progress != 100:
        raise ValidationError({"progress": [_("An achieved pledge has progress 100.")]})


def pledge_transition_check(*, pledge: Pledge, by: User, status: str, progress: int) -> None:
    """Refuse a report that moves a pledge where its author may not take it.

    Achieved and withdrawn are final for focal points: only staff reopen such a pledge (a focal
    point may still report again with the same final status, e.g. to add evidence).
    """
    pledge_status_check(status=status, progress=progress)
    if pledge.status in FINAL_STATUSES and status != pledge.status and not is_staff(by):
        raise ValidationError(
            {
                "status": [
                    _("This pledge is %(status)s; only the Office can reopen it.")
                    % {"status": pledge.get_status_display().lower()}
                ]
            }
        )


def next_report_due_after(day: dt.date, pledge: Pledge) -> dt.date:
    """The next report falls one reporting interval after `day`."""
    return day + dt.timedelta(days=pledge.reporting_interval_days)


def pledge_report_progress(
    *,
    pledge: Pledge,
    by: User,
    status: str,
    progress: int,
    narrative: str,
    evidence_url: str = "",
    evidence_files: Sequence[UploadedFile] = (),
) -> ProgressReport:
    """Record a progress report and move the pledge to its status, progress and next due date.

    Staff report on any pledge, a focal point only on its own State's. The pledge row is locked
    so two reports at once cannot both read the same due date. Evidence files are checked from
    their content before anything is written; the report and its files are one transaction,
    and a stored file whose transaction fails is deleted again.
    """
    stored: list[str] = []
    try:
        return _report_progress(
            pledge=pledge,
            by=by,
            status=status,
            progress=progress,
            narrative=narrative,
            evidence_url=evidence_url,
            evidence_files=evidence_files,
            stored=stored,
        )
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


@transaction.atomic
def _report_progress(
    *,
    pledge: Pledge,
    by: User,
    status: str,
    progress: int,
    narrative: str,
    evidence_url: str,
    evidence_files: Sequence[UploadedFile],
    stored: list[str],
) -> ProgressReport:
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if not Pledge.objects.reportable_by(by).filter(pk=locked.pk).exists():
        raise PermissionDenied(_("You can only report on your own State's pledges."))
    pledge_transition_check(pledge=locked, by=by, status=status, progress=progress)
    checked = evidence_files_check(evidence_files)

    now = timezone.now()
    latest = locked.reports.order_by("-created_at", "-id").first()
    if (
        latest is not None
        and _repeats(
            latest,
            by=by,
            status=status,
            progress=progress,
            narrative=narrative,
            evidence_url=evidence_url,
            now=now,
        )
        and _same_evidence(latest, checked)
    ):
        raise DuplicateReport
    report = ProgressReport(
        pledge=locked,
        status=status,
        progress=progress,
        narrative=narrative,
        evidence_url=evidence_url,
        author=by,
        due_date=locked.next_report_due,
        created_at=now,
    )
    report.full_clean(exclude=["pledge", "author"])
    report.save()
    for upload in checked:
        stored.append(_evidence_store(report=report, upload=upload, now=now).file.name)

    locked.status = status
    locked.progress = progress
    locked.last_reported_at = now
    locked.next_report_due = next_report_due_after(timezone.localdate(now), locked)
    locked._history_user = by
    locked._change_reason = f"Progress report {report.pk}"
    locked.save(update_fields=["status", "progress", "last_reported_at", "next_report_due", "updated_at"])
    report.pledge = locked
    report_received.send(sender=ProgressReport, report=report)
    return report


def _evidence_store(*, report: ProgressReport, upload: CheckedUpload, now: dt.datetime) -> EvidenceFile:
    """Store one checked upload under a generated name and record it on the report."""
    evidence = EvidenceFile(
        report=report,
        name=upload.name,
        size=upload.upload.size,
        content_type=upload.content_type,
        sha256=upload.sha256,
        created_at=now,
    )
    upload.upload.seek(0)
    evidence.file.save(f"{uuid.uuid4().hex}.{upload.extension}", upload.upload, save=False)
    evidence.save()
    return evidence


def _same_evidence(latest: ProgressReport, checked: list[CheckedUpload]) -> bool:
    """Whether the new report carries the same files as the latest one (by content)."""
    return sorted(latest.evidence_files.values_list("sha256", flat=True)) == sorted(u.sha256 for u in checked)


def _repeats(latest: ProgressReport, *, by: User, now: dt.datetime, **report: Any) -> bool:
    """Whether a new report is its author's latest one again, within the duplicate window."""
    same = all(
        " ".join(str(getattr(latest, name)).split()) == " ".join(str(value).split())
        for name, value in report.items()
    )
    return same and latest.author_id == by.pk and now - latest.created_at < DUPLICATE_REPORT_WINDOW


@transaction.atomic
def report_verify(*, report: ProgressReport, by: User, verdict: str, note: str = "") -> ReportVerification:
    """Record a staff verdict on a progress report; a dispute is e-mailed to the report's author.

    In the same transaction the pledge's `verified_progress` and `last_verified_at` are written
    again from its reports' verdicts (a dispute of its latest verified report falls back to the
    one before). The pledge row is locked first, so two verdicts on one pledge at once are
    written one after the other and the second sees the first.
    """
    if not is_staff(by):
        raise PermissionDenied(_("Only the Office verifies progress reports."))
    if verdict not in Verdict.values:
        raise ValidationError({"verification": [_("Choose verified or disputed.")]})
    pledge = Pledge.objects.select_for_update().filter(pk=report.pledge_id)
    list(pledge.values_list("pk"))
    verification = ReportVerification(report=report, verdict=verdict, note=note, verified_by=by)
    verification.save()
    pledges_verification_refresh(pledges=pledge)
    if verdict == Verdict.DISPUTED:
        report_disputed.send(sender=ReportVerification, verification=verification)
    return verification


@transaction.atomic
def report_narrative_publish(*, report: ProgressReport, by: User, public: bool) -> ReportPublication:
    """Show a report's narrative on the public pledge page, or hide it again (staff only).

    The narrative is the focal point's own words, so it stays off the public pages until the
    Office chooses to show it; each choice is one history row of the report's publication.
    """
    staff_write_check(by)
    publication = ReportPublication.objects.select_for_update().filter(report=report).first()
    if publication is None:
        publication = ReportPublication(report=report, narrative_public=public, updated_by=by)
    elif publication.narrative_public == public:
        return publication
    publication.narrative_public, publication.updated_by = public, by
    publication._history_user = by
    publication.save()
    return publication


def pledges_verification_refresh(*, pledges: QuerySet[Pledge]) -> int:
    """Write `verified_progress` and `last_verified_at` of `pledges` from their reports' verdicts.

    One UPDATE; the values are those of `computed_verification` (the latest verified report's
    progress and the time of that verdict). `report_verify` calls it for its pledge; writers that
    insert verdicts in bulk (the demo) call it once after. The pledges' `updated_at`, history and
    ETag do not change: a verdict is not an edit of the pledge. Returns the rows written.
    """
    return pledges.update(**computed_verification())


if TYPE_CHECKING:
    from engagement.models import User


@transaction.atomic
def membership_milestone_tick(
    *, membership: AllianceMembership, code: str, done_on: dt.date, by: User
) -> AllianceMilestone:
    """Mark one of a member's five Pathfinding milestones done on a date (not in the future).

    Staff tick any member's milestones, a focal point only its own State's.
    """
    if not AllianceMembership.objects.actionable_by(by).filter(pk=membership.pk).exists():
        raise PermissionDenied(_("You can only mark your own State's milestones."))
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


# --- Call-to-Action endorsements and Alliance memberships (one per State) ---------------------

ENDORSEMENT_FIELDS = ("member_state", "endorsed_on", "signatory_level", "signatory")
MEMBERSHIP_FIELDS = ("member_state", "joined_on", "status", "national_plan_status", "focal_point", "notes")


def _check_endorsement(endorsement: CtaEndorsement) -> None:
    """One endorsement per State, said clearly (the one-to-one key holds it in the database)."""
    others = CtaEndorsement.objects.filter(member_state_id=endorsement.member_state_id).exclude(
        pk=endorsement.pk
    )
    existing = others.first() if endorsement.member_state_id else None
    if existing is not None:
        message = _("%(state)s already endorsed the Call to Action, on %(date)s: edit that endorsement.") % {
            "state": existing.member_state.local_name,
            "date": formats.date_format(existing.endorsed_on, "DATE_FORMAT"),
        }
        raise ValidationError({"member_state": [ValidationError(message, code="duplicate")]})
    endorsement.full_clean(validate_unique=False)


def _check_membership(membership: AllianceMembership) -> None:
    """One membership per State, said clearly."""
    others = AllianceMembership.objects.filter(member_state_id=membership.member_state_id).exclude(
        pk=membership.pk
    )
    existing = others.first() if membership.member_state_id else None
    if existing is not None:
        message = _("%(state)s is already a member of the Alliance, since %(date)s.") % {
            "state": existing.member_state.local_name,
            "date": formats.date_format(existing.joined_on, "DATE_FORMAT"),
        }
        raise ValidationError({"member_state": [ValidationError(message, code="duplicate")]})
    membership.full_clean(validate_unique=False)


@transaction.atomic
def endorsement_create(*, by: User, **fields: Any) -> CtaEndorsement:
    """Record a State's endorsement of the Bogota Call to Action (one per State)."""
    staff_write_check(by)
    _refuse_unknown_fields(fields, ENDORSEMENT_FIELDS)
    endorsement = CtaEndorsement(**fields)
    _check_endorsement(endorsement)
    endorsement._history_user = by
    endorsement.save()
    return endorsement


@transaction.atomic
def endorsement_update(*, endorsement: CtaEndorsement, data: dict[str, Any], by: User) -> CtaEndorsement:
    """Change an endorsement: date, level, signatory, or the State when recorded against the wrong one."""
    staff_write_check(by)
    model_update(instance=endorsement, fields=ENDORSEMENT_FIELDS, data=data, by=by, clean=_check_endorsement)
    return endorsement


@transaction.atomic
def membership_create(*, by: User, **fields: Any) -> AllianceMembership:
    """Record a State joining the Pathfinding Global Alliance (one membership per State)."""
    staff_write_check(by)
    _refuse_unknown_fields(fields, MEMBERSHIP_FIELDS)
    membership = AllianceMembership(**fields)
    _check_membership(membership)
    membership._history_user = by
    membership.save()
    return membership


@transaction.atomic
def membership_update(
    *, membership: AllianceMembership, data: dict[str, Any], by: User
) -> AllianceMembership:
    """Change a membership: join date (its milestones fall due 18 months after), status, national plan."""
    staff_write_check(by)
    model_update(instance=membership, fields=MEMBERSHIP_FIELDS, data=data, by=by, clean=_check_membership)
    return membership


def _refuse_unknown_fields(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    """Refuse a field a create service does not take, naming it (as `model_update` does on update)."""
    refused = [name for name in fields if name not in allowed]
    if refused:
        raise ValidationError({name: [_("This field cannot be set here.")] for name in refused})
