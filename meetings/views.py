"""Meeting and follow-up pages: the meeting log, one meeting, and each staff member's follow-ups."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagement.choices import Role
from engagement.forms import add_service_errors
from engagement.roles import is_staff
from engagement.tables import table_response
from engagement.views import OFFICE_READERS, roles_required
from meetings.forms import FollowUpFormSet, MeetingFilterForm, MeetingForm, themes
from meetings.models import FollowUpAction, Meeting
from meetings.services import follow_up_close, meeting_create
from meetings.tables import MeetingTable

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
    return render(
        request, "meetings/meeting_detail.html", {"meeting": meeting, "show_notes": is_staff(request.user)}
    )


@roles_required(read=(Role.STAFF,))
def meeting_create_view(request):
    """Log a meeting and its follow-up actions in one go: all saved, or nothing."""
    form = MeetingForm(request.POST or None)
    follow_ups = FollowUpFormSet(request.POST or None, prefix="follow_ups")
    if request.method == "POST" and form.is_valid() and follow_ups.is_valid():
        actions = [row for row in follow_ups.cleaned_data if row]
        try:
            meeting = meeting_create(by=request.user, follow_ups=actions, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting logged."))
            return redirect("meeting-detail", pk=meeting.pk)
    context = {
        "form": form,
        "follow_ups": follow_ups,
        "themes": themes().values_list("name", flat=True),
    }
    return render(request, "meetings/meeting_form.html", context)


@roles_required(read=(Role.STAFF,))
def follow_up_list(request):
    """The caller's open follow-up actions, by due date (so the overdue ones come first)."""
    actions = (
        FollowUpAction.objects.visible_to(request.user)
        .open()
        .filter(assignee=request.user)
        .select_related("meeting", "visit__member_state", "pledge")
        .order_by("due_date", "id")
    )
    return render(
        request, "meetings/follow_up_list.html", {"actions": actions, "today": timezone.localdate()}
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
