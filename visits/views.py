"""Country visit pages: upcoming and past visits, and one visit with what came of it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from engagement.views import PagePanels, roles_required
from visits.forms import VisitFilterForm
from visits.models import CountryVisit

PAGE_SIZE = 50

# What apps above show on a visit's page: the meetings held, commitments welcomed, follow-up.
VISIT_PANELS = PagePanels()


@roles_required()
def visit_list(request):
    """Upcoming visits (soonest first), then past ones (latest first), filtered."""
    today = timezone.localdate()
    form = VisitFilterForm(request.GET or None)
    visits = CountryVisit.objects.visible_to(request.user).select_related("member_state")
    if form.is_bound:
        visits = form.filter(visits)
    upcoming = visits.filter(end_date__gte=today).order_by("start_date", "id")
    past = Paginator(visits.filter(end_date__lt=today).order_by("-start_date", "id"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "upcoming": upcoming,
        "page": past.get_page(request.GET.get("page")),
        "query": query.urlencode(),
    }
    return render(request, "visits/visit_list.html", context)


@roles_required()
def visit_detail(request, pk: int):
    """One visit: objectives, meetings held, sites, children met, commitments and follow-up."""
    user = request.user
    visit = get_object_or_404(
        CountryVisit.objects.visible_to(user)
        .select_related("member_state", "owner")
        .prefetch_related("sites"),
        pk=pk,
    )
    context = {"visit": visit, "panels": VISIT_PANELS.for_page(user=user, obj=visit)}
    return render(request, "visits/visit_detail.html", context)
