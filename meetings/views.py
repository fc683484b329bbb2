"""Meeting and follow-up pages: the meeting log, one meeting, its form, the follow-up actions, and the
drafts of meetings read from e-mail (confirm, correct or discard them, and their files)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagement.choices import Role
from engagement.forms import add_service_errors
from engagement.roles import is_staff
from engagement.tables import table_response
from engagement.views import OFFICE_READERS, roles_required
from meetings.choices import FollowUpStatus
from meetings.forms import (
    FollowUpActionForm,
    FollowUpFilterForm,
    FollowUpFormSet,
    MeetingFilterForm,
    MeetingForm,
)
from meetings.models import (
    DRAFT_ATTACHMENT_MAX_FILES,
    DRAFT_ATTACHMENT_MAX_SIZE,
    DraftAttachment,
    FollowUpAction,
    Meeting,
    MeetingDraft,
)
from meetings.services import (
    follow_up_close,
    follow_up_create,
    follow_up_update,
    meeting_create,
    meeting_delete,
    meeting_draft_confirm,
    meeting_draft_discard,
    meeting_update,
)
from meetings.tables import FollowUpTable, MeetingTable
from pledges.evidence import evidence_file_response
from pledges.models import Pledge
from visits.models import CountryVisit

PAGE_SIZE = 50


@roles_required(read=OFFICE_READERS)
def meeting_list(request):
    """Meetings, newest first, filtered by State, kind, dates and topic, and searched."""
    form = MeetingFilterForm(request.GET or None)
    meetings = Meeting.objects.visible_to(request.user).prefetch_related("member_states", "topics")
    if form.is_bound:
        meetings = form.filter(meetings)
    table = MeetingTable(meetings)
    return table_response(request, table, filename="meetings") or render(
        request, "meetings/meeting_list.html", {"form": form, "table": table}
    )


@roles_required(read=OFFICE_READERS)
def meeting_detail(request, pk: int):
    """One meeting; its confidential notes only for staff."""
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).prefetch_related(
            "member_states", "organizations", "topics", "follow_ups__assignee", "pledges"
        ),
        pk=pk,
    )
    context = {
        "meeting": meeting,
        "show_notes": is_staff(request.user),
        # The files of the e-mail the meeting was confirmed from (staff only, read when shown).
        "mail_attachments": DraftAttachment.objects.visible_to(request.user).filter(draft__meeting=meeting),
    }
    return render(request, "meetings/meeting_detail.html", context)


def _meeting_form_page(request, *, meeting: Meeting | None):
    """The meeting form, to log a meeting (with its follow-ups) or to change one."""
    initial = MeetingForm.initial_from(meeting) if meeting else None
    form = MeetingForm(request.POST or None, initial=initial)
    follow_ups = None if meeting else FollowUpFormSet(request.POST or None, prefix="follow_ups")
    if request.method == "POST" and form.is_valid() and (follow_ups is None or follow_ups.is_valid()):
        try:
            if meeting is None:
                actions = [row for row in follow_ups.cleaned_data if row]
                meeting = meeting_create(by=request.user, follow_ups=actions, **form.cleaned_data)
                messages.success(request, _("Meeting logged."))
            else:
                meeting_update(meeting=meeting, data=form.cleaned_data, by=request.user)
                messages.success(request, _("Meeting saved."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("meeting-detail", pk=meeting.pk)
    context = {
        "form": form,
        "follow_ups": follow_ups,
        "meeting": meeting,
        "extra_forms": list(follow_ups or []),
    }
    return render(request, "meetings/meeting_form.html", context)


@roles_required(read=(Role.STAFF,))
def meeting_create_view(request):
    """Log a meeting and its follow-up actions in one go: all saved, or nothing."""
    return _meeting_form_page(request, meeting=None)


@roles_required(read=(Role.STAFF,))
def meeting_edit(request, pk: int):
    """Change a meeting; its follow-up actions are listed with links to change them."""
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).prefetch_related(
            "member_states", "organizations", "topics", "pledges", "follow_ups__assignee"
        ),
        pk=pk,
    )
    return _meeting_form_page(request, meeting=meeting)


@roles_required(read=(Role.STAFF,))
def meeting_delete_view(request, pk: int):
    """GET asks for confirmation; POST deletes the meeting and its follow-ups (history keeps them)."""
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
    if request.method == "POST":
        title = meeting.title
        meeting_delete(meeting=meeting, by=request.user)
        messages.success(request, _("Meeting deleted: %(title)s") % {"title": title})
        return redirect("meeting-list")
    context = {"meeting": meeting, "follow_up_count": meeting.follow_ups.count()}
    return render(request, "meetings/meeting_confirm_delete.html", context)


@roles_required(read=(Role.STAFF,))
def follow_up_list(request):
    """Follow-up actions, the caller's open ones by default, filtered, sorted, totalled, downloadable."""
    today = timezone.localdate()
    form = FollowUpFilterForm(request.GET, user=request.user)
    actions = form.filter(
        FollowUpAction.objects.visible_to(request.user).select_related(
            "assignee", "meeting", "visit__member_state", "pledge"
        ),
        today=today,
    )
    table = FollowUpTable(actions, today=today)
    return table_response(request, table, filename="follow-ups") or render(
        request, "meetings/follow_up_list.html", {"form": form, "table": table}
    )


@require_POST
@roles_required(read=(Role.STAFF,))
def follow_up_done(request, pk: int):
    """Close one of the caller's actions; htmx swaps the row out, a plain form reloads the list."""
    action = get_object_or_404(FollowUpAction.objects.visible_to(request.user).open(), pk=pk)
    try:
        follow_up_close(follow_up=action, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("follow-up-list")
    if request.headers.get("HX-Request"):
        return render(request, "meetings/_follow_up_closed.html", {"action": action})
    messages.success(request, _("Marked done: %(title)s") % {"title": action.title})
    return redirect("follow-up-list")


@require_POST
@roles_required(read=(Role.STAFF,))
def follow_up_reopen(request, pk: int):
    """Reopen an action marked done (or cancelled) by mistake."""
    action = get_object_or_404(FollowUpAction.objects.visible_to(request.user), pk=pk)
    try:
        follow_up_update(follow_up=action, data={"status": FollowUpStatus.OPEN}, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Reopened: %(title)s") % {"title": action.title})
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("follow-up-list")


def _follow_up_parent(request) -> dict:
    """The meeting, visit or pledge named by `?meeting=`, `?visit=` or `?pledge=` (at most one)."""
    sources = {
        "meeting": Meeting.objects.visible_to(request.user),
        "visit": CountryVisit.objects.visible_to(request.user).select_related("member_state"),
        "pledge": Pledge.objects.visible_to(request.user),
    }
    named = [name for name in sources if request.GET.get(name)]
    if len(named) > 1:
        raise Http404
    if not named:
        return {}
    name = named[0]
    try:
        pk = int(request.GET[name])
    except ValueError as error:
        raise Http404 from error
    return {name: get_object_or_404(sources[name], pk=pk)}


@roles_required(read=(Role.STAFF,))
def follow_up_create_view(request):
    """A follow-up on its own, or on the meeting, visit or pledge named in the query string."""
    parent = _follow_up_parent(request)
    form = FollowUpActionForm(request.POST or None, initial={"assignee": request.user})
    del form.fields["status"]
    if request.method == "POST" and form.is_valid():
        try:
            action = follow_up_create(by=request.user, **form.cleaned_data, **parent)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Follow-up added: %(title)s") % {"title": action.title})
            return redirect(_parent_url(action))
    context = {"form": form, "parent": _parent_link(**parent)}
    return render(request, "meetings/follow_up_form.html", context)


@roles_required(read=(Role.STAFF,))
def follow_up_edit(request, pk: int):
    """Reassign, reschedule, rename, close or reopen a follow-up action."""
    action = get_object_or_404(
        FollowUpAction.objects.visible_to(request.user).select_related(
            "meeting", "visit__member_state", "pledge"
        ),
        pk=pk,
    )
    initial = {name: getattr(action, name) for name in FollowUpActionForm.base_fields}
    form = FollowUpActionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_update(follow_up=action, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Follow-up saved: %(title)s") % {"title": action.title})
            return redirect(_parent_url(action))
    parent = _parent_link(meeting=action.meeting, visit=action.visit, pledge=action.pledge)
    return render(request, "meetings/follow_up_form.html", {"form": form, "action": action, "parent": parent})


def _parent_link(*, meeting=None, visit=None, pledge=None) -> dict | None:
    """What a follow-up is about, as a link's text and address."""
    if meeting is not None:
        return {"text": meeting.title, "url": reverse("meeting-detail", args=[meeting.pk])}
    if visit is not None:
        return {"text": str(visit), "url": reverse("visit-detail", args=[visit.pk])}
    if pledge is not None:
        return {"text": pledge.title, "url": reverse("pledge-detail", args=[pledge.pk])}
    return None


def _parent_url(action: FollowUpAction) -> str:
    """Back to the page the action belongs to, else to the follow-up list."""
    if action.meeting_id:
        return reverse("meeting-detail", args=[action.meeting_id])
    if action.visit_id:
        return reverse("visit-detail", args=[action.visit_id])
    if action.pledge_id:
        return reverse("pledge-detail", args=[action.pledge_id])
    return reverse("follow-up-list")


DRAFT_RELATIONS = ("member_states", "organizations", "attachments")


@roles_required(read=(Role.STAFF,))
def meeting_draft_list(request):
    """The caller's meetings read from e-mail and waiting for them, newest first; nobody else's."""
    drafts = MeetingDraft.objects.waiting_for(request.user).prefetch_related(*DRAFT_RELATIONS)
    context = {
        "drafts": drafts,
        "dropbox": settings.MEETING_DROPBOX_ADDRESS,
        "max_files": DRAFT_ATTACHMENT_MAX_FILES,
        "max_size": DRAFT_ATTACHMENT_MAX_SIZE,
    }
    return render(request, "meetings/draft_list.html", context)


@roles_required(read=(Role.STAFF,))
def meeting_draft_confirm_view(request, pk: int):
    """The meeting form filled from the e-mail: correct it and confirm, and the meeting is logged."""
    draft = get_object_or_404(
        MeetingDraft.objects.visible_to(request.user)
        .filter(discarded_at__isnull=True)
        .prefetch_related(*DRAFT_RELATIONS),
        pk=pk,
    )
    if draft.confirmed_at is not None:
        # Confirmed already (a second click, an old tab): the meeting it became, if it still exists.
        if draft.meeting_id is None:
            raise Http404
        messages.info(request, _("This e-mail was already logged as this meeting."))
        return redirect("meeting-detail", pk=draft.meeting_id)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_from_draft(draft))
    follow_ups = FollowUpFormSet(request.POST or None, prefix="follow_ups")
    if request.method == "POST" and form.is_valid() and follow_ups.is_valid():
        data = {**form.cleaned_data, "follow_ups": [row for row in follow_ups.cleaned_data if row]}
        try:
            meeting = meeting_draft_confirm(draft=draft, by=request.user, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting logged from your e-mail."))
            return redirect("meeting-detail", pk=meeting.pk)
    context = {"form": form, "follow_ups": follow_ups, "draft": draft}
    return render(request, "meetings/draft_confirm.html", context)


@require_POST
@roles_required(read=(Role.STAFF,))
def meeting_draft_discard_view(request, pk: int):
    """Discard one of the caller's waiting drafts; the e-mail stays known, so it never comes back."""
    draft = get_object_or_404(MeetingDraft.objects.waiting_for(request.user), pk=pk)
    try:
        meeting_draft_discard(draft=draft, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        title = draft.title or _("(no subject)")
        messages.success(request, _("Draft discarded: %(title)s") % {"title": title})
    return redirect("meeting-draft-list")


@roles_required(read=(Role.STAFF,))
def meeting_draft_file(request, pk: int, file_id: int):
    """A file of an e-mailed meeting: its sender's while the draft waits, any staff's once it is a meeting."""
    attachment = get_object_or_404(DraftAttachment.objects.visible_to(request.user), draft_id=pk, pk=file_id)
    return evidence_file_response(attachment)
