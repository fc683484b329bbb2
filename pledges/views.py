"""Pledge and Alliance pages: lists, one pledge and its timeline, report and edit forms, verification."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.choices import Role
from engagement.forms import add_service_errors
from engagement.roles import is_staff
from engagement.views import roles_required
from pledges.choices import Milestone, SmartGap, Verdict
from pledges.forms import (
    MilestoneTickForm,
    PledgeFilterForm,
    PledgeForm,
    ProgressReportForm,
    PublicPledgeFilterForm,
    VerificationForm,
    pledge_draft,
)
from pledges.models import AllianceMembership, Pledge, ProgressReport, ReportVerification
from pledges.selectors import (
    milestones_for_display,
    pledge_etag,
    pledge_history_for,
    pledge_smart_gaps,
    pledges_with_verified_progress,
    reports_with_verification,
    with_staleness,
)
from pledges.services import (
    PledgeVersionMismatch,
    membership_milestone_tick,
    pledge_create,
    pledge_report_progress,
    pledge_update,
    report_verify,
)

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


STAFF_ONLY = {"read": (Role.STAFF,), "write": (Role.STAFF,)}


def smart_checklist(pledge, today: dt.date) -> list[dict]:
    """`pledge_smart_gaps` of a pledge or a draft, each gap with its label."""
    return [{"code": code, "label": SmartGap(code).label} for code in pledge_smart_gaps(pledge, today)]


def _render_form(request, form: PledgeForm, pledge: Pledge | None, etag: str = ""):
    context = {
        "form": form,
        "pledge": pledge,
        "etag": etag,
        "gaps": smart_checklist(pledge_draft(form, pledge), timezone.localdate()),
        "checklist_url": reverse("pledge-smart-checklist-edit", args=[pledge.pk])
        if pledge
        else reverse("pledge-smart-checklist"),
    }
    return render(request, "pledges/pledge_form.html", context)


@roles_required(**STAFF_ONLY)
def pledge_create_view(request):
    """Draft a new pledge through `pledge_create`."""
    form = PledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pledge = pledge_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Pledge recorded."))
            return redirect("pledge-detail", pk=pledge.pk)
    return _render_form(request, form, None)


@roles_required(**STAFF_ONLY)
def pledge_edit_view(request, pk: int):
    """Edit a pledge through `pledge_update`, guarded by the ETag the page was rendered with.

    When someone else saved the pledge meanwhile, nothing is saved: the typed input stays, and
    the form now carries the current ETag, so saving again deliberately replaces their version.
    """
    pledge = get_object_or_404(Pledge.objects.editable_by(request.user), pk=pk)
    form = PledgeForm(request.POST or None, instance=pledge)
    etag = pledge_etag(pledge)
    if request.method == "POST" and form.is_valid():
        try:
            pledge_update(
                pledge=pledge,
                by=request.user,
                changes=form.cleaned_data,
                if_match=[request.POST.get("etag", "")],
            )
        except PledgeVersionMismatch:
            form.add_error(
                None,
                _(
                    "Someone else saved this pledge after you opened this page, so nothing was saved. "
                    "Your changes are still in the form: check the current version, then save again "
                    "to replace it with yours."
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Pledge saved."))
            return redirect("pledge-detail", pk=pledge.pk)
    return _render_form(request, form, pledge, etag)


@roles_required(**STAFF_ONLY)
def pledge_smart_checklist(request, pk: int | None = None):
    """The SMART checklist of the unsaved form data (htmx partial); nothing is saved."""
    pledge = get_object_or_404(Pledge.objects.editable_by(request.user), pk=pk) if pk else None
    form = PledgeForm(request.POST or None, instance=pledge)
    gaps = smart_checklist(pledge_draft(form, pledge), timezone.localdate())
    return render(request, "pledges/_smart_checklist.html", {"gaps": gaps})


@roles_required(read=(Role.STAFF,), write=(Role.STAFF,))
def report_verify_view(request, pk: int, report_id: int):
    """Record a verdict through `report_verify`, then return to the report on the pledge page."""
    report = get_object_or_404(ProgressReport.objects.visible_to(request.user), pk=report_id, pledge_id=pk)
    form = VerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report_verify(
                report=report,
                by=request.user,
                verdict=form.cleaned_data["verification"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            verdict = form.cleaned_data["verification"]
            messages.success(
                request,
                _("Report verified.")
                if verdict == Verdict.VERIFIED
                else _("Report disputed: the State's focal points are told."),
            )
    elif request.method == "POST":
        messages.error(request, _("Choose verified or disputed."))
    return redirect(f"{reverse('pledge-detail', args=[pk])}#report-{report.pk}")


@roles_required()
def alliance_list(request):
    """Every Alliance member the caller may see: joined, national plan, milestones done (2 queries)."""
    today = timezone.localdate()
    memberships = (
        AllianceMembership.objects.visible_to(request.user)
        .select_related("member_state")
        .prefetch_related("milestones")
        .order_by("member_state__name")
    )
    rows = []
    for membership in memberships:
        milestones = milestones_for_display(membership, today)
        rows.append(
            {
                "membership": membership,
                "done": sum(1 for milestone in milestones if milestone["done_on"]),
                "overdue": sum(1 for milestone in milestones if milestone["overdue"]),
            }
        )
    context = {"rows": rows, "milestone_count": len(Milestone)}
    return render(request, "pledges/alliance_list.html", context)


@roles_required(read=(Role.STAFF, Role.FOCAL_POINT), write=(Role.STAFF, Role.FOCAL_POINT))
def milestone_tick(request, iso3: str, code: str):
    """Staff, or the State's own focal point, mark a milestone done (POST; another State is 404)."""
    membership = get_object_or_404(
        AllianceMembership.objects.visible_to(request.user).select_related("member_state"),
        member_state__iso3=iso3.upper(),
    )
    if request.method == "POST":
        form = MilestoneTickForm(request.POST)
        if form.is_valid():
            try:
                membership_milestone_tick(
                    membership=membership, code=code, done_on=form.cleaned_data["done_on"], by=request.user
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Milestone marked done."))
        else:
            messages.error(request, " ".join(form.errors.get("done_on", [])))
    return redirect(f"{reverse('state-detail', args=[membership.member_state.iso3])}#milestones")
