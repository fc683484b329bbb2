"""Pledge pages: the list, one pledge with its accountability and reports, the report form, the feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.choices import Role
from engagement.roles import is_staff
from engagement.views.access import roles_required
from engagement.views.forms import add_service_errors
from pledges.forms import PledgeFilterForm, ProgressReportForm, PublicPledgeFilterForm
from pledges.models import Pledge, ProgressReport, ReportVerification
from pledges.selectors import (
    pledge_history_for,
    pledge_is_stale,
    pledge_missed_cycles,
    pledges_with_verified_progress,
    reports_with_verification,
)
from pledges.services import pledge_report_progress
from pledges.views.editing import smart_checklist

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@roles_required()
def pledge_list(request):
    """Every pledge the caller may see, filtered like the API's list."""
    form = PledgeFilterForm(request.GET or None)
    pledges = Pledge.objects.visible_to(request.user).select_related("member_state")
    pledges = form.filter(pledges) if form.is_bound else pledges
    page = _page(request, pledges)
    with_staleness(page, timezone.localdate())
    context = {"form": form, "page": page, "query": form.api_query() if form.is_bound else ""}
    return render(request, "pledges/pledge_list.html", context)


def with_staleness(pledges: Iterable[Pledge], today: dt.date) -> None:
    """Set `missed_cycles` and `stale` on each pledge shown (the selectors' rules; no query)."""
    for pledge in pledges:
        pledge.missed_cycles = pledge_missed_cycles(pledge, today)
        pledge.stale = pledge_is_stale(pledge, today)


@roles_required()
def pledge_detail(request, pk: int):
    """One pledge: SMART gaps, staleness, reported and verified progress, reports with verdicts, history."""
    user, today = request.user, timezone.localdate()
    pledges = pledges_with_verified_progress(
        Pledge.objects.visible_to(user)
        .select_related("member_state", "visit")
        .prefetch_related("sdg_targets")
    )
    pledge = get_object_or_404(pledges, pk=pk)
    with_staleness([pledge], today)
    reports = reports_with_verification(
        ProgressReport.objects.visible_to(user)
        .filter(pledge=pledge)
        .select_related("author")
        .prefetch_related(
            Prefetch("verifications", queryset=ReportVerification.objects.select_related("verified_by"))
        )
    )
    context = {
        "pledge": pledge,
        "gaps": smart_checklist(pledge, today),
        "reports": reports,
        "history": pledge_history_for(pledge=pledge, user=user)[::-1],
        "show_people": is_staff(user),
        "can_verify": is_staff(user),
        "can_edit": Pledge.objects.editable_by(user).filter(pk=pledge.pk).exists(),
        "can_report": Pledge.objects.reportable_by(user).filter(pk=pledge.pk).exists(),
    }
    return render(request, "pledges/pledge_detail.html", context)


@roles_required(write=(Role.STAFF, Role.FOCAL_POINT), read=(Role.STAFF, Role.FOCAL_POINT))
def pledge_report(request, pk: int):
    """The progress report form: the same service, and the same error messages, as the API."""
    pledge = get_object_or_404(
        Pledge.objects.reportable_by(request.user).select_related("member_state"), pk=pk
    )
    form = ProgressReportForm(
        request.POST or None, initial={"status": pledge.status, "progress": pledge.progress}
    )
    if request.method == "POST" and form.is_valid():
        try:
            pledge_report_progress(pledge=pledge, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your progress report is recorded."))
            return redirect("pledge-detail", pk=pledge.pk)
    return render(request, "pledges/pledge_report.html", {"pledge": pledge, "form": form})


def public_pledge_list(request):
    """Public pledges for anyone, no sign-in; the CSV link carries the same filters to the API."""
    form = PublicPledgeFilterForm(request.GET or None)
    pledges = Pledge.objects.public().select_related("member_state")
    pledges = form.filter(pledges) if form.is_bound else pledges
    context = {
        "form": form,
        "page": _page(request, pledges),
        "query": form.api_query() if form.is_bound else "",
    }
    return render(request, "pledges/public_pledge_list.html", context)
