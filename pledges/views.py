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
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from engagement.choices import Role
from engagement.context_processors import nav_counts
from engagement.forms import add_service_errors
from engagement.roles import focal_state_id, is_staff
from engagement.tables import table_response
from engagement.views import roles_required
from pledges.caching import public_page
from pledges.choices import PledgeOrigin, SmartGap, Verdict, Visibility
from pledges.evidence import evidence_file_response
from pledges.forms import (
    AllianceFilterForm,
    EndorsementFilterForm,
    EndorsementForm,
    MembershipForm,
    MilestoneTickForm,
    NoChangeReportForm,
    PledgeFilterForm,
    PledgeForm,
    ProgressReportForm,
    PublicPledgeFilterForm,
    VerificationForm,
    VerificationQueueFilterForm,
    pledge_draft,
)
from pledges.models import (
    AllianceMembership,
    CtaEndorsement,
    EvidenceFile,
    Pledge,
    ProgressReport,
    ReportVerification,
)
from pledges.selectors import (
    memberships_with_milestone_counts,
    pledge_etag,
    pledge_last_report,
    pledge_readable_history_for,
    pledge_smart_gaps,
    reports_with_verification,
    verification_queue,
    with_staleness,
)
from pledges.services import (
    DuplicatePledge,
    PledgeVersionMismatch,
    endorsement_create,
    endorsement_update,
    membership_create,
    membership_milestone_tick,
    membership_update,
    pledge_create,
    pledge_publish,
    pledge_report_progress,
    pledge_update,
    report_narrative_publish,
    report_verify,
)
from pledges.tables import AllianceTable, EndorsementTable, PledgeTable

PAGE_SIZE = 50


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@roles_required()
def pledge_list(request):
    """Every pledge the caller may see, filtered like the API's list."""
    form = PledgeFilterForm(request.GET or None)
    pledges = Pledge.objects.visible_to(request.user).select_related("member_state")
    pledges = form.filter(pledges, request.user) if form.is_bound else pledges
    table = PledgeTable(pledges)
    context = {"form": form, "table": table, "query": form.api_query() if form.is_bound else ""}
    state_id = focal_state_id(request.user)
    if state_id is not None and not request.GET.get("_export"):
        # A focal point reads its own State's pledges first, the public pledges of others apart;
        # a download still gives every row the filters leave.
        own = PledgeTable(pledges.filter(member_state_id=state_id), prefix="own-")
        others = PledgeTable(pledges.exclude(member_state_id=state_id), prefix="others-")
        own.caption, others.caption = _("Your State's pledges"), _("Public pledges of other States")
        for each in (own, others):
            table_response(request, each, filename="pledges")
        context["tables"] = [own, others]
        return render(request, "pledges/pledge_list.html", context)
    return table_response(request, table, filename="pledges") or render(
        request, "pledges/pledge_list.html", context
    )


@roles_required()
def pledge_detail(request, pk: int):
    """One pledge: SMART gaps, staleness, reported and verified progress, reports with verdicts, history."""
    user, today = request.user, timezone.localdate()
    pledges = (
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
            Prefetch("verifications", queryset=ReportVerification.objects.select_related("verified_by")),
            "evidence_files",
        )
    )
    if is_staff(user):
        # Whether each narrative is shown on the public pledge page (staff choose it here).
        reports = reports.select_related("publication")
    context = {
        "pledge": pledge,
        "gaps": smart_checklist(pledge, today),
        "reports": reports,
        "history": pledge_readable_history_for(pledge=pledge, user=user),
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
        request.POST or None,
        request.FILES or None,
        initial={"status": pledge.status, "progress": pledge.progress},
    )
    if request.method == "POST" and form.is_valid():
        try:
            pledge_report_progress(pledge=pledge, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your progress report is recorded."))
            return redirect("pledge-detail", pk=pledge.pk)
    return render(request, "pledges/pledge_report.html", report_form_context(request, pledge, form))


@public_page
def public_pledge_list(request):
    """Public pledges for anyone, no sign-in, each linked to its public page and its State's; the
    CSV link carries the same filters to the API. Cached as every public page is."""
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


def duplicate_pledge_message(error: DuplicatePledge) -> str:
    """The duplicate's message, linking to the existing pledge (only staff record pledges)."""
    existing = error.existing
    return format_html(
        '{} <a href="{}">{}</a>',
        _("This Member State already has a pledge with this title:"),
        reverse("pledge-detail", args=[existing.pk]),
        existing.title,
    )


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
    """Draft a new pledge through `pledge_create`; `?visit=<id>` starts it as welcomed during that visit."""
    form = PledgeForm(request.POST or None)
    visit_id = request.GET.get("visit", "")
    if not form.is_bound and visit_id.isdigit():
        visit = form.fields["visit"].queryset.filter(pk=visit_id).first()
        if visit is not None:
            form.initial.update(
                visit=visit, member_state=visit.member_state, origin=PledgeOrigin.COUNTRY_VISIT
            )
    if request.method == "POST" and form.is_valid():
        try:
            pledge = pledge_create(by=request.user, **form.cleaned_data)
        except DuplicatePledge as error:
            form.add_error(None, duplicate_pledge_message(error))
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
        except DuplicatePledge as error:
            form.add_error(None, duplicate_pledge_message(error))
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


@roles_required(**STAFF_ONLY)
@require_POST
def report_publication_view(request, pk: int, report_id: int):
    """Show a report's narrative on the public pledge page (`narrative_public=on`) or hide it again."""
    report = get_object_or_404(ProgressReport.objects.visible_to(request.user), pk=report_id, pledge_id=pk)
    public = request.POST.get("narrative_public") == "on"
    report_narrative_publish(report=report, by=request.user, public=public)
    messages.success(
        request,
        _("The narrative is shown on the public pledge page.")
        if public
        else _("The narrative is no longer shown on the public pledge page."),
    )
    return redirect(f"{reverse('pledge-detail', args=[pk])}#report-{report.pk}")


@roles_required()
def alliance_list(request):
    """Alliance members the caller may see (focal points: their own State's), filtered, sorted, totalled.

    Milestones done and overdue are counted in SQL, so the query count does not grow with the list.
    """
    form = AllianceFilterForm(request.GET or None)
    memberships = memberships_with_milestone_counts(
        AllianceMembership.objects.visible_to(request.user).select_related("member_state__region"),
        timezone.localdate(),
    )
    if form.is_bound:
        memberships = form.filter(memberships)
    table = AllianceTable(memberships, can_edit=is_staff(request.user))
    return table_response(request, table, filename="alliance-members") or render(
        request, "pledges/alliance_list.html", {"form": form, "table": table}
    )


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


# --- The verification queue -------------------------------------------------------------------


@roles_required(**STAFF_ONLY)
def verification_queue_view(request):
    """Every report without a verdict, oldest first, with what it changed; Verify or Dispute in place."""
    form = VerificationQueueFilterForm(request.GET or None)
    page = _page(request, form.filter(verification_queue(request.user)))
    _label_previous_status(page)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "back": request.get_full_path()}
    return render(request, "pledges/verification_queue.html", context)


def _label_previous_status(reports) -> None:
    """Set `previous_status_display`, the label of the status before each report (no query)."""
    labels = dict(ProgressReport._meta.get_field("status").flatchoices)
    for report in reports:
        report.previous_status_display = labels.get(report.previous_status)


def _queue_url(request) -> str:
    """Where a plain POST returns: the queue page it came from (same site only), else the queue."""
    back = request.POST.get("back", "")
    if back.startswith(reverse("verification-queue")) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        return back
    return reverse("verification-queue")


@roles_required(**STAFF_ONLY)
def verification_verdict(request, report_id: int):
    """Record a verdict from the queue through `report_verify` (the API's service).

    htmx gets the row's outcome to swap in (or the row again with the error); a plain POST goes
    back to the queue with a message. A GET shows the queue.
    """
    if request.method != "POST":
        return redirect("verification-queue")
    queue = verification_queue(request.user)
    report = get_object_or_404(
        ProgressReport.objects.visible_to(request.user).select_related("pledge__member_state"), pk=report_id
    )
    form = VerificationForm(request.POST)
    verification, error = None, _("Choose verified or disputed.")
    if form.is_valid():
        try:
            verification = report_verify(
                report=report,
                by=request.user,
                verdict=form.cleaned_data["verification"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as service_error:
            error = " ".join(service_error.messages)
    if not request.headers.get("HX-Request"):
        if verification is None:
            messages.error(request, error)
        elif verification.verdict == Verdict.VERIFIED:
            messages.success(request, _("Report verified."))
        else:
            messages.success(request, _("Report disputed: the State's focal points are told."))
        return redirect(_queue_url(request))
    if verification is None:
        row = queue.filter(pk=report.pk).first()
        if row is not None:
            _label_previous_status([row])
            context = {"report": row, "error": error, "back": request.POST.get("back", "")}
            return render(request, "pledges/verification_row.html", context)
        verification = report.verifications.select_related("verified_by").first()
    context = {"report": report, "verification": verification, "waiting": nav_counts(request)["verification"]}
    return render(request, "pledges/verification_outcome.html", context)


@roles_required(**STAFF_ONLY)
def pledge_publish_view(request, pk: int):
    """Publish a pledge on purpose: GET shows the SMART checklist and asks; POST publishes.

    POST `visibility=internal` takes a public pledge back off the public feed.
    """
    pledge = get_object_or_404(
        Pledge.objects.editable_by(request.user)
        .select_related("member_state")
        .prefetch_related("sdg_targets"),
        pk=pk,
    )
    if request.method == "POST":
        visibility = request.POST.get("visibility", Visibility.PUBLIC)
        try:
            pledge_publish(pledge=pledge, by=request.user, visibility=visibility)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Pledge published: it is now in the public feed.")
                if visibility == Visibility.PUBLIC
                else _("Pledge unpublished: it is internal again."),
            )
        return redirect("pledge-detail", pk=pledge.pk)
    context = {"pledge": pledge, "gaps": smart_checklist(pledge, timezone.localdate())}
    return render(request, "pledges/pledge_publish.html", context)


# --- Call-to-Action endorsements and Alliance members -----------------------------------------


@roles_required()
def endorsement_list(request):
    """Endorsements the caller may see (focal points: their own State's), as the API reads them."""
    endorsements = CtaEndorsement.objects.visible_to(request.user).select_related("member_state__region")
    years = tuple(day.year for day in endorsements.dates("endorsed_on", "year"))
    form = EndorsementFilterForm(request.GET or None, years=years)
    if form.is_bound:
        endorsements = form.filter(endorsements)
    table = EndorsementTable(endorsements, can_edit=is_staff(request.user))
    return table_response(request, table, filename="endorsements") or render(
        request, "pledges/endorsement_list.html", {"form": form, "table": table}
    )


def _existing_for(model, error: ValidationError, member_state) -> object | None:
    """The record a refused duplicate collides with, so the page can link to it."""
    codes = {item.code for item in getattr(error, "error_dict", {}).get("member_state", [])}
    if "duplicate" not in codes or member_state is None:
        return None
    return model.objects.filter(member_state=member_state).first()


@roles_required(**STAFF_ONLY)
def endorsement_create_view(request):
    """Record an endorsement through `endorsement_create`; a second one for a State is refused."""
    form = EndorsementForm(request.POST or None)
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            endorsement = endorsement_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            existing = _existing_for(CtaEndorsement, error, form.cleaned_data["member_state"])
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Endorsement by %(state)s recorded.") % {"state": endorsement.member_state.local_name},
            )
            return redirect("endorsement-list")
    context = {"form": form, "endorsement": None, "existing": existing}
    return render(request, "pledges/endorsement_form.html", context)


@roles_required(**STAFF_ONLY)
def endorsement_edit_view(request, pk: int):
    """Edit an endorsement through `endorsement_update`."""
    endorsement = get_object_or_404(
        CtaEndorsement.objects.visible_to(request.user).select_related("member_state"), pk=pk
    )
    state_name = endorsement.member_state.local_name
    initial = {
        "member_state": endorsement.member_state,
        "endorsed_on": endorsement.endorsed_on,
        "signatory_level": endorsement.signatory_level,
        "signatory": endorsement.signatory,
    }
    form = EndorsementForm(request.POST or None, initial=initial)
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            endorsement_update(endorsement=endorsement, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            existing = _existing_for(CtaEndorsement, error, form.cleaned_data["member_state"])
            add_service_errors(form, error)
        else:
            messages.success(request, _("Endorsement saved."))
            return redirect("endorsement-list")
    context = {"form": form, "endorsement": endorsement, "state_name": state_name, "existing": existing}
    return render(request, "pledges/endorsement_form.html", context)


@roles_required(**STAFF_ONLY)
def membership_create_view(request):
    """Add an Alliance member through `membership_create`; a State joins once."""
    form = MembershipForm(request.POST or None)
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            membership = membership_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            existing = _existing_for(AllianceMembership, error, form.cleaned_data["member_state"])
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(state)s added to the Alliance.") % {"state": membership.member_state.local_name}
            )
            return redirect("alliance-list")
    context = {"form": form, "membership": None, "existing": existing}
    return render(request, "pledges/alliance_form.html", context)


@roles_required(**STAFF_ONLY)
def membership_edit_view(request, iso3: str):
    """Edit a member's join date, status, national plan, focal point and notes (`membership_update`)."""
    membership = get_object_or_404(
        AllianceMembership.objects.visible_to(request.user).select_related("member_state"),
        member_state__iso3=iso3,
    )
    fields = ("joined_on", "status", "national_plan_status", "focal_point", "notes")
    initial = {name: getattr(membership, name) for name in fields}
    form = MembershipForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            membership_update(membership=membership, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Membership saved."))
            return redirect("alliance-list")
    context = {"form": form, "membership": membership, "existing": None}
    return render(request, "pledges/alliance_form.html", context)


def report_form_context(request, pledge: Pledge, form, no_change_form=None) -> dict:
    """The report form's context: the pledge, its last report and, when disputed, the note to answer."""
    last_report = pledge_last_report(pledge=pledge, user=request.user)
    return {
        "pledge": pledge,
        "form": form,
        "last_report": last_report,
        "disputed": last_report is not None and last_report.verification == Verdict.DISPUTED,
        "no_change_form": no_change_form or NoChangeReportForm(),
    }


@require_POST
@roles_required(write=(Role.STAFF, Role.FOCAL_POINT), read=(Role.STAFF, Role.FOCAL_POINT))
def pledge_report_no_change(request, pk: int):
    """ "No change since the last report": a normal report (the same service), same status and progress."""
    pledge = get_object_or_404(
        Pledge.objects.reportable_by(request.user).select_related("member_state"), pk=pk
    )
    no_change_form = NoChangeReportForm(request.POST)
    if no_change_form.is_valid():
        try:
            pledge_report_progress(
                pledge=pledge,
                by=request.user,
                status=pledge.status,
                progress=pledge.progress,
                narrative=no_change_form.narrative(),
            )
        except ValidationError as error:
            add_service_errors(no_change_form, error)
        else:
            messages.success(request, _("Thank you: your report that nothing changed is recorded."))
            return redirect("pledge-detail", pk=pledge.pk)
    form = ProgressReportForm(initial={"status": pledge.status, "progress": pledge.progress})
    context = report_form_context(request, pledge, form, no_change_form)
    return render(request, "pledges/pledge_report.html", context)


@roles_required()
def report_evidence_file(request, pk: int, report_id: int, file_id: int):
    """One evidence file, to those who may read its report; another State's focal point gets a 404."""
    reports = ProgressReport.objects.visible_to(request.user).filter(
        pledge__in=Pledge.objects.visible_to(request.user), pledge_id=pk, pk=report_id
    )
    evidence = get_object_or_404(EvidenceFile.objects.filter(report__in=reports), pk=file_id)
    return evidence_file_response(evidence)
