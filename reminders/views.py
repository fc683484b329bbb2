"""Staff pages of the reminder log: the reminders that did not go out, with Resend."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagement.choices import Role
from engagement.views import roles_required
from reminders.models import Reminder
from reminders.recording import reminder_resend
from reminders.selectors import undelivered_reminders

STAFF_ONLY = {"read": (Role.STAFF,), "write": (Role.STAFF,)}
PAGE_SIZE = 50


@roles_required(**STAFF_ONLY)
def undelivered_list(request):
    """Failed and uncertain reminders, latest first, each with its last error and a Resend button."""
    page = Paginator(undelivered_reminders(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reminders/undelivered.html", {"page": page, "query": ""})


@require_POST
@roles_required(**STAFF_ONLY)
def resend(request, pk: int):
    """Queue a failed or uncertain reminder again (`reminder_resend`, as the admin's Resend does)."""
    reminder = get_object_or_404(Reminder.objects.visible_to(request.user), pk=pk)
    if reminder_resend(reminder=reminder, by=request.user):
        messages.success(request, _("Reminder queued again: %(subject)s") % {"subject": reminder.subject})
    else:
        messages.warning(request, _("This reminder is neither failed nor uncertain any more: left alone."))
    return redirect("reminders-undelivered")
