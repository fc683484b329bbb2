"""Pages of the reminders app: the reminders that did not go out (staff, with Resend), and each
user's calendar feed (its secret address, its rotation and, for staff, what it holds)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from engagement.choices import Role
from engagement.roles import role_of
from engagement.views import EVERY_ROLE, roles_required
from reminders.calendar import calendar_feed_by_token, calendar_ics
from reminders.choices import CalendarScope
from reminders.models import CalendarFeed, Reminder
from reminders.recording import reminder_resend
from reminders.selectors import undelivered_reminders
from reminders.services import calendar_feed_for, calendar_feed_rotate, calendar_feed_update

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


# --- Calendar feeds -----------------------------------------------------------------------------


@never_cache  # private to its holder: no shared cache keeps it, and a rotated address is gone at once
@require_safe
def calendar_feed(request, token: str):
    """`/calendar/<token>.ics`: the feed's owner's deadlines as iCalendar, for calendar apps.

    No sign-in: the token is the credential. An unknown or rotated token, an inactive user or one
    without a role all answer the same 404.
    """
    feed = calendar_feed_by_token(token)
    if feed is None:
        raise Http404
    body = calendar_ics(feed=feed, absolute=request.build_absolute_uri)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    response["Content-Language"] = feed.user.language
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@dataclass(frozen=True)
class CalendarPanel:
    """What the account page's calendar panel shows: the secret address in both schemes."""

    feed: CalendarFeed
    https_url: str
    webcal_url: str
    scopes: list[tuple[str, str]]


def calendar_panel(user, request) -> CalendarPanel | None:
    """The account page's calendar panel for `user` (registered from `RemindersConfig.ready`)."""
    if role_of(user) is None:
        return None
    feed = calendar_feed_for(user=user)
    url = request.build_absolute_uri(reverse("calendar-feed", args=[feed.token]))
    webcal = "webcal://" + url.split("://", 1)[1]
    scopes = CalendarScope.choices if role_of(user) == Role.STAFF else []
    return CalendarPanel(feed=feed, https_url=url, webcal_url=webcal, scopes=scopes)


@require_POST
@roles_required(write=EVERY_ROLE)
def calendar_rotate(request):
    """Give the caller's calendar a new secret address; calendars subscribed to the old one stop."""
    calendar_feed_rotate(user=request.user)
    messages.success(
        request,
        _("Your calendar has a new address: subscribe to it again; the old one no longer works."),
    )
    return redirect("account")


@require_POST
@roles_required(read=(Role.STAFF,), write=(Role.STAFF,))
def calendar_scope(request):
    """A staff member chooses what their calendar holds: their own work, or all the Office's."""
    try:
        calendar_feed_update(user=request.user, scope=request.POST.get("scope", ""))
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages), content_type="text/plain; charset=utf-8")
    messages.success(request, _("Your calendar's contents are saved."))
    return redirect("account")
