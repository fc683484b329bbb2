"""Country visit pages: the visit list, one visit with what came of it, and the staff's forms.

Every write goes through the visit services the API uses (`visit_create`, `visit_update`,
`visit_transition`, `visit_delete`).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engagement.choices import Role
from engagement.forms import add_service_errors
from engagement.tables import table_response
from engagement.views import PagePanels, roles_required
from visits.choices import VISIT_TRANSITIONS, VisitStatus
from visits.forms import (
    SiteFormSet,
    VisitCancelForm,
    VisitCompleteForm,
    VisitConfirmForm,
    VisitEditForm,
    VisitFilterForm,
    VisitForm,
    site_initial,
    site_rows,
    upcoming_first,
)
from visits.models import CountryVisit
from visits.services import (
    VisitProtected,
    visit_create,
    visit_delete,
    visit_delete_check,
    visit_transition,
    visit_update,
)
from visits.tables import VisitTable

# What apps above show on a visit's page: the meetings held, commitments welcomed, follow-up.
VISIT_PANELS = PagePanels()
STAFF_ONLY = {"read": (Role.STAFF,), "write": (Role.STAFF,)}

# The status actions of a visit's page: URL word -> (status, form, page title, button, message).
ACTIONS = {
    "confirm": (
        VisitStatus.CONFIRMED,
        VisitConfirmForm,
        gettext_lazy("Confirm the visit"),
        gettext_lazy("Confirm the visit"),
        gettext_lazy("Visit confirmed."),
    ),
    "complete": (
        VisitStatus.COMPLETED,
        VisitCompleteForm,
        gettext_lazy("Complete the visit"),
        gettext_lazy("Mark the visit completed"),
        gettext_lazy("Visit completed."),
    ),
    "cancel": (
        VisitStatus.CANCELLED,
        VisitCancelForm,
        gettext_lazy("Cancel the visit"),
        gettext_lazy("Cancel the visit"),
        gettext_lazy("Visit cancelled."),
    ),
    "replan": (
        VisitStatus.PLANNED,
        VisitConfirmForm,
        gettext_lazy("Plan the visit again"),
        gettext_lazy("Set back to planned"),
        gettext_lazy("Visit planned again."),
    ),
}


def visit_actions(visit: CountryVisit) -> list[tuple[str, str]]:
    """The status actions the visit's current status allows, as (URL word, button label)."""
    allowed = VISIT_TRANSITIONS.get(visit.status, ())
    return [(word, str(spec[2])) for word, spec in ACTIONS.items() if spec[0] in allowed]


@roles_required()
def visit_list(request):
    """Visits under way and upcoming (soonest first), then past ones (latest first), filtered."""
    form = VisitFilterForm(request.GET or None)
    visits = CountryVisit.objects.visible_to(request.user).select_related("member_state", "owner")
    if form.is_bound:
        visits = form.filter(visits)
    table = VisitTable(upcoming_first(visits, timezone.localdate()))
    return table_response(request, table, filename="visits") or render(
        request, "visits/visit_list.html", {"form": form, "table": table}
    )


@roles_required()
def visit_detail(request, pk: int):
    """One visit: objectives, meetings held, sites, children met, commitments and follow-up."""
    user = request.user
    visit = get_object_or_404(
        CountryVisit.objects.visible_to(user)
        .select_related("member_state", "owner")
        .prefetch_related("sites", "stakeholder_categories"),
        pk=pk,
    )
    context = {
        "visit": visit,
        "actions": visit_actions(visit),
        "panels": VISIT_PANELS.for_page(user=user, obj=visit),
    }
    return render(request, "visits/visit_detail.html", context)


def _visit_form_page(request, form, sites, visit: CountryVisit | None):
    return render(
        request,
        "visits/visit_form.html",
        {"form": form, "sites": sites, "visit": visit},
    )


@roles_required(**STAFF_ONLY)
def visit_create_view(request):
    """Plan a visit through `visit_create`: State, kind, dates, objectives, owner, stakeholders, sites."""
    form = VisitForm(request.POST or None)
    sites = SiteFormSet(request.POST or None, prefix="sites")
    if request.method == "POST" and form.is_valid() and sites.is_valid():
        try:
            visit = visit_create(by=request.user, sites=site_rows(sites), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Visit planned."))
            return redirect("visit-detail", pk=visit.pk)
    return _visit_form_page(request, form, sites, None)


@roles_required(**STAFF_ONLY)
def visit_edit_view(request, pk: int):
    """Change a visit through `visit_update`; the sites listed replace the recorded ones."""
    visit = get_object_or_404(
        CountryVisit.objects.visible_to(request.user).prefetch_related("sites", "stakeholder_categories"),
        pk=pk,
    )
    initial = {
        "member_state": visit.member_state,
        "kind": visit.kind,
        "start_date": visit.start_date,
        "end_date": visit.end_date,
        "objectives": visit.objectives,
        "owner": visit.owner,
        "stakeholder_categories": list(visit.stakeholder_categories.all()),
        "children_met": visit.children_met,
        "summary": visit.summary,
    }
    form = VisitEditForm(request.POST or None, initial=initial)
    sites = SiteFormSet(request.POST or None, prefix="sites", initial=site_initial(visit))
    if request.method == "POST" and form.is_valid() and sites.is_valid():
        try:
            visit_update(visit=visit, data={**form.cleaned_data, "sites": site_rows(sites)}, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Visit saved."))
            return redirect("visit-detail", pk=visit.pk)
    return _visit_form_page(request, form, sites, visit)


def _transition_initial(visit: CountryVisit, action: str) -> dict:
    initial = {"start_date": visit.start_date, "end_date": visit.end_date}
    if action == "complete":
        today = timezone.localdate()
        initial["end_date"] = min(visit.end_date, max(today, visit.start_date))
        initial["summary"] = visit.summary
        initial["children_met"] = visit.children_met
        initial["stakeholder_categories"] = list(visit.stakeholder_categories.all())
    return initial


@roles_required(**STAFF_ONLY)
def visit_transition_view(request, pk: int, action: str):
    """Confirm, complete, cancel or re-plan a visit through `visit_transition`, with its dates."""
    if action not in ACTIONS:
        raise Http404
    status, form_class, title, button, done = ACTIONS[action]
    visit = get_object_or_404(
        CountryVisit.objects.visible_to(request.user)
        .select_related("member_state")
        .prefetch_related("sites", "stakeholder_categories"),
        pk=pk,
    )
    form = form_class(request.POST or None, initial=_transition_initial(visit, action))
    sites = SiteFormSet(request.POST or None, prefix="sites", initial=site_initial(visit))
    with_sites = action == "complete"
    if request.method == "POST" and form.is_valid() and (not with_sites or sites.is_valid()):
        values = {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
        if with_sites:
            values["sites"] = site_rows(sites)
        try:
            visit_transition(visit=visit, status=status, by=request.user, **values)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, str(done))
            return redirect("visit-detail", pk=visit.pk)
    context = {
        "visit": visit,
        "form": form,
        "sites": sites if with_sites else None,
        "action": action,
        "title": title,
        "button": button,
        "allowed": status in VISIT_TRANSITIONS.get(visit.status, ()),
    }
    return render(request, "visits/visit_transition.html", context)


@roles_required(**STAFF_ONLY)
def visit_delete_view(request, pk: int):
    """GET asks to confirm; POST deletes through `visit_delete` (history keeps the visit)."""
    visit = get_object_or_404(
        CountryVisit.objects.visible_to(request.user).select_related("member_state"), pk=pk
    )
    refusal = ""
    try:
        visit_delete_check(visit=visit)
    except VisitProtected as error:
        refusal = str(error)
    if request.method == "POST" and not refusal:
        try:
            visit_delete(visit=visit, by=request.user)
        except VisitProtected as error:
            refusal = str(error)
        else:
            messages.success(
                request, _("The visit to %(state)s was deleted.") % {"state": visit.member_state.name}
            )
            return redirect("visit-list")
    status = 409 if request.method == "POST" and refusal else 200
    return render(request, "visits/visit_delete.html", {"visit": visit, "refusal": refusal}, status=status)
