"""Writes on meetings and follow-up actions: one transaction per use case, the same for API and pages."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.models import MemberState, Organization, Term, User
from engagement.roles import is_staff, staff_write_check
from engagement.services import model_update
from meetings.choices import FollowUpStatus
from meetings.mail import (
    MailAttachment,
    MeetingMail,
    UnreadableMail,
    meeting_mail_parse,
    participants_match,
    participants_text,
)
from meetings.models import (
    DRAFT_ATTACHMENT_MAX_FILES,
    DRAFT_ATTACHMENT_MAX_SIZE,
    AttachmentRefusal,
    DraftAttachment,
    FollowUpAction,
    Meeting,
    MeetingDraft,
)
from pledges.evidence import ALLOWED_TYPES, sniff_content_type

logger = logging.getLogger("meetings.mail")

if TYPE_CHECKING:
    from pledges.models import Pledge
    from visits.models import CountryVisit


MEETING_RELATIONS = ("member_states", "organizations", "topics", "pledges")


MEETING_FIELDS = (
    "date",
    "title",
    "kind",
    "mode",
    "level",
    "visit",
    "summary",
    "notes",
    "chatham_house",
    "children_engaged",
)


def _clean_meeting(meeting: Meeting) -> None:
    if meeting.children_engaged is not None and meeting.children_engaged < 0:
        raise ValidationError({"children_engaged": [_("A count of children cannot be negative.")]})
    meeting.full_clean()


def _check_pledge_states(meeting: Meeting) -> None:
    """A pledge discussed belongs to one of the meeting's Member States (run once relations are set)."""
    chosen = set(meeting.member_states.values_list("pk", flat=True))
    strays = meeting.pledges.exclude(member_state__in=chosen).select_related("member_state")
    if strays:
        raise ValidationError(
            {
                "pledges": [
                    _("“%(title)s” is a pledge of %(state)s, which is not among the meeting's Member States.")
                    % {"title": pledge.title, "state": pledge.member_state.local_name}
                    for pledge in strays
                ]
            }
        )


def _set_relations(meeting: Meeting, relations: dict[str, Iterable[Any] | None]) -> None:
    for name, values in relations.items():
        if values is not None:
            getattr(meeting, name).set(values)


@transaction.atomic
def meeting_create(
    *,
    by: User | None,
    date: dt.date,
    title: str,
    kind: str,
    mode: str,
    level: str,
    member_states: Iterable[MemberState] = (),
    organizations: Iterable[Organization] = (),
    topics: Iterable[Term] = (),
    pledges: Iterable[Pledge] = (),
    follow_ups: Iterable[dict[str, Any]] = (),
    visit: CountryVisit | None = None,
    summary: str = "",
    notes: str = "",
    chatham_house: bool = False,
    children_engaged: int = 0,
) -> Meeting:
    """Log a meeting, its relations and, optionally, the follow-up actions it calls for."""
    staff_write_check(by)
    meeting = Meeting(
        date=date,
        title=title,
        kind=kind,
        mode=mode,
        level=level,
        visit=visit,
        summary=summary,
        notes=notes,
        chatham_house=chatham_house,
        children_engaged=children_engaged,
        created_by=by,
    )
    _clean_meeting(meeting)
    if by is not None:
        meeting._history_user = by
    meeting.save()
    _set_relations(
        meeting,
        {
            "member_states": member_states,
            "organizations": organizations,
            "topics": topics,
            "pledges": pledges,
        },
    )
    _check_pledge_states(meeting)
    for index, follow_up in enumerate(follow_ups):
        try:
            follow_up_create(meeting=meeting, by=by, **follow_up)
        except ValidationError as error:
            raise ValidationError(
                {"follow_ups": [f"{index}: {message}" for message in error.messages]}
            ) from error
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict[str, Any], by: User | None = None) -> Meeting:
    """Change a meeting; relations given in `data` replace the current ones."""
    staff_write_check(by)
    # A relation given as None is left as it is.
    values = {
        name: value for name, value in data.items() if name not in MEETING_RELATIONS or value is not None
    }
    model_update(
        instance=meeting,
        fields=(*MEETING_FIELDS, *MEETING_RELATIONS),
        data=values,
        by=by,
        clean=_clean_meeting,
    )
    _check_pledge_states(meeting)
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by: User | None) -> None:
    """Delete a meeting logged by mistake, with its follow-up actions; history keeps both."""
    staff_write_check(by)
    _set_history_user(meeting, by)
    meeting.delete()


FOLLOW_UP_PARENTS = ("meeting", "visit", "pledge")


FOLLOW_UP_UPDATABLE_FIELDS = ("title", "due_date", "status", "assignee", "notes", *FOLLOW_UP_PARENTS)


def _check_follow_up(follow_up: FollowUpAction) -> None:
    if not is_staff(follow_up.assignee):
        raise ValidationError({"assignee": [_("Follow-up actions are assigned to active staff members.")]})
    parents = [name for name in FOLLOW_UP_PARENTS if getattr(follow_up, f"{name}_id") is not None]
    if len(parents) > 1:
        raise ValidationError(
            {parents[-1]: [_("A follow-up belongs to one meeting, visit or pledge, not several.")]}
        )
    if follow_up.status not in FollowUpStatus.values:
        raise ValidationError({"status": [_("Unknown status '%(status)s'.") % {"status": follow_up.status}]})


def _clean_follow_up(follow_up: FollowUpAction) -> None:
    _check_follow_up(follow_up)
    follow_up.full_clean()


def _closed_on(status: str, closed_on: dt.date | None = None) -> dt.date | None:
    """None for an open action; otherwise `closed_on`, today by default."""
    return None if status == FollowUpStatus.OPEN else (closed_on or timezone.localdate())


def _set_history_user(instance, by: User | None) -> None:
    if by is not None:
        # simple_history records who made the change.
        instance._history_user = by


@transaction.atomic
def follow_up_create(
    *,
    title: str,
    due_date: dt.date,
    assignee: User,
    status: str = FollowUpStatus.OPEN,
    meeting: Meeting | None = None,
    visit: CountryVisit | None = None,
    pledge: Pledge | None = None,
    notes: str = "",
    by: User | None = None,
) -> FollowUpAction:
    """Open a follow-up action for a staff member, on at most one meeting, visit or pledge."""
    staff_write_check(by)
    follow_up = FollowUpAction(
        title=title,
        due_date=due_date,
        assignee=assignee,
        status=status,
        meeting=meeting,
        visit=visit,
        pledge=pledge,
        notes=notes,
    )
    _check_follow_up(follow_up)
    if status != FollowUpStatus.OPEN:
        follow_up.closed_on = timezone.localdate()
    follow_up.full_clean()
    _set_history_user(follow_up, by)
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_update(
    *, follow_up: FollowUpAction, data: dict[str, Any], by: User | None = None
) -> FollowUpAction:
    """Change a follow-up; a change of status closes (sets `closed_on`) or reopens it."""
    staff_write_check(by)
    fields: tuple[str, ...] = FOLLOW_UP_UPDATABLE_FIELDS
    values = dict(data)
    if "closed_on" not in data and data.get("status", follow_up.status) != follow_up.status:
        # As follow_up_close: a new status closes the action today, or reopens it. A caller
        # naming `closed_on` itself is refused.
        values["closed_on"] = _closed_on(data["status"])
        fields = (*fields, "closed_on")
    model_update(instance=follow_up, fields=fields, data=values, by=by, clean=_clean_follow_up)
    return follow_up


@transaction.atomic
def follow_up_close(
    *,
    follow_up: FollowUpAction,
    status: str = FollowUpStatus.DONE,
    closed_on: dt.date | None = None,
    by: User | None = None,
) -> FollowUpAction:
    """Mark a follow-up done or cancelled on `closed_on` (today by default); `open` reopens it."""
    staff_write_check(by)
    follow_up.status = status
    follow_up.closed_on = _closed_on(status, closed_on)
    _clean_follow_up(follow_up)
    _set_history_user(follow_up, by)
    follow_up.save()
    return follow_up


def _staff_sender(address: str) -> User | None:
    """The one active staff account with this e-mail address (case ignored), else None."""
    accounts = [
        user
        for user in User.objects.annotate(address=Lower("email")).filter(
            address=address.lower(), is_active=True
        )
        if is_staff(user)
    ]
    return accounts[0] if len(accounts) == 1 else None


def _staff_addresses(addresses: Iterable[str]) -> set[str]:
    """Those of `addresses` that belong to active staff: the office is never a participant."""
    candidates = User.objects.annotate(address=Lower("email")).filter(
        address__in=list(addresses), is_active=True
    )
    return {user.address for user in candidates if is_staff(user)}


def _draft_attachments_store(
    *, draft: MeetingDraft, attachments: Sequence[MailAttachment], stored: list[str]
) -> list[dict[str, str]]:
    """Keep the e-mail's files a draft may carry (type from the content, size, number); list the others."""
    skipped: list[dict[str, str]] = []
    kept = 0
    for attachment in attachments:
        refusal, content_type = None, None
        if not attachment.content:
            refusal = AttachmentRefusal.EMPTY
        elif len(attachment.content) > DRAFT_ATTACHMENT_MAX_SIZE:
            refusal = AttachmentRefusal.SIZE
        elif kept >= DRAFT_ATTACHMENT_MAX_FILES:
            refusal = AttachmentRefusal.COUNT
        else:
            content_type = sniff_content_type(ContentFile(attachment.content))
            refusal = AttachmentRefusal.TYPE if content_type is None else None
        if refusal is not None:
            skipped.append({"name": attachment.name, "reason": refusal.value})
            continue
        row = DraftAttachment(
            draft=draft, name=attachment.name, content_type=content_type, size=len(attachment.content)
        )
        extension = ALLOWED_TYPES[content_type][0]
        row.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(attachment.content), save=False)
        stored.append(row.file.name)
        row.save()
        kept += 1
    return skipped


def meeting_draft_receive(
    *, raw: bytes, envelope_from: str, recipients: Sequence[str]
) -> MeetingDraft | None:
    """Turn an e-mail sent to the dropbox into its sender's meeting draft; None when nothing is kept.

    Nothing is kept from an e-mail that is not addressed to MEETING_DROPBOX_ADDRESS, that is
    unreadable, whose From is not one active staff member, or whose Message-ID already made a
    draft (confirmed and discarded ones included). The draft, its States, organizations and files
    are one transaction; a stored file whose transaction fails is deleted again.
    """
    stored: list[str] = []
    try:
        return _draft_receive(raw=raw, envelope_from=envelope_from, recipients=recipients, stored=stored)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def _draft_receive(
    *, raw: bytes, envelope_from: str, recipients: Sequence[str], stored: list[str]
) -> MeetingDraft | None:
    dropbox = settings.MEETING_DROPBOX_ADDRESS.lower()
    if dropbox not in {recipient.strip().lower() for recipient in recipients}:
        logger.info("meeting mail from %s dropped: not addressed to the dropbox", envelope_from)
        return None
    try:
        mail = meeting_mail_parse(raw)
    except UnreadableMail as error:
        logger.info("meeting mail from %s dropped: unreadable (%s)", envelope_from, error)
        return None
    sender = _staff_sender(mail.sender)
    if sender is None:
        # Only the domain is logged: nothing of an unknown sender's e-mail is kept.
        domain = mail.sender.rpartition("@")[2]
        logger.info("meeting mail %s dropped: unknown sender at %s", mail.message_id, domain)
        return None
    if MeetingDraft.objects.filter(message_id=mail.message_id).exists():
        logger.info("meeting mail %s dropped: already received", mail.message_id)
        return None
    try:
        draft = _draft_create(mail=mail, sender=sender, dropbox=dropbox, stored=stored)
    except IntegrityError:
        # The same e-mail arrived twice at once (two relays): the other copy made the draft.
        if not MeetingDraft.objects.filter(message_id=mail.message_id).exists():
            raise
        for name in stored:
            default_storage.delete(name)
        stored.clear()
        logger.info("meeting mail %s dropped: already received", mail.message_id)
        return None
    logger.info(
        "meeting mail %s: draft %s for %s (%d States, %d organizations, %d files kept, %d not kept)",
        mail.message_id,
        draft.pk,
        sender.username,
        draft.member_states.count(),
        draft.organizations.count(),
        draft.attachments.count(),
        len(draft.skipped_attachments),
    )
    return draft


@transaction.atomic
def _draft_create(*, mail: MeetingMail, sender: User, dropbox: str, stored: list[str]) -> MeetingDraft:
    """A parsed e-mail's draft: participants (not the office), their States and organizations, files."""
    excluded = _staff_addresses(address for _name, address in mail.participants) | {dropbox}
    participants = [(name, address) for name, address in mail.participants if address not in excluded]
    match = participants_match(address for _name, address in participants)
    draft = MeetingDraft(
        sender=sender,
        message_id=mail.message_id,
        date=mail.date or timezone.localdate(),
        title=mail.title,
        summary=mail.summary,
        participants=participants_text(participants),
    )
    draft.full_clean(exclude=["sender", "message_id"])
    draft.save()
    draft.member_states.set(match.member_states)
    draft.organizations.set(match.organizations)
    draft.skipped_attachments = _draft_attachments_store(
        draft=draft, attachments=mail.attachments, stored=stored
    )
    draft.save(update_fields=["skipped_attachments"])
    return draft


def _draft_of_sender_locked(*, draft: MeetingDraft, by: User | None) -> MeetingDraft:
    """The draft locked, once its sender (only they) may still act on it."""
    staff_write_check(by)
    locked = MeetingDraft.objects.select_for_update().get(pk=draft.pk)
    if locked.sender_id != by.pk:
        raise PermissionDenied(_("Only the sender of a meeting e-mail can confirm or discard its draft."))
    if locked.confirmed_at is not None:
        raise ValidationError(_("This draft was already confirmed."))
    if locked.discarded_at is not None:
        raise ValidationError(_("This draft was discarded."))
    return locked


@transaction.atomic
def meeting_draft_confirm(*, draft: MeetingDraft, by: User | None, data: dict[str, Any]) -> Meeting:
    """Log the meeting a draft became, as its sender corrected it; the e-mail's files become the meeting's.

    `data` is what meeting_create takes (the meeting form's fields, and `follow_ups`); the
    meeting service validates it, so a confirmed draft obeys every rule a meeting logged by hand does.
    """
    locked = _draft_of_sender_locked(draft=draft, by=by)
    meeting = meeting_create(by=by, **data)
    locked.meeting = meeting
    locked.confirmed_at = timezone.now()
    locked.save(update_fields=["meeting", "confirmed_at"])
    logger.info("meeting mail %s: draft %s confirmed as meeting %s", locked.message_id, locked.pk, meeting.pk)
    return meeting


@transaction.atomic
def meeting_draft_discard(*, draft: MeetingDraft, by: User | None) -> MeetingDraft:
    """Discard a draft: its files, summary and participants go; the row stays, so the e-mail stays known."""
    locked = _draft_of_sender_locked(draft=draft, by=by)
    names = list(locked.attachments.values_list("file", flat=True))
    locked.attachments.all().delete()
    locked.summary = locked.participants = ""
    locked.skipped_attachments = []
    locked.discarded_at = timezone.now()
    locked.save(update_fields=["summary", "participants", "skipped_attachments", "discarded_at"])
    locked.member_states.clear()
    locked.organizations.clear()
    # Files go once the rows are gone for good: a rolled-back discard keeps them.
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
    logger.info("meeting mail %s: draft %s discarded", locked.message_id, locked.pk)
    return locked
