"""My follow-ups: a staff member's open actions, overdue first, closed with one click."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagement.choices import Role
from engagement.models import FollowUpAction
from engagement.services.followups import follow_up_close
from engagement.views.access import roles_required


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
        request, "engagement/follow_up_list.html", {"actions": actions, "today": timezone.localdate()}
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
        return render(request, "engagement/_follow_up_closed.html", {"action": action})
    messages.success(request, _("Marked done: %(title)s") % {"title": action.title})
    return redirect("follow-up-list")
