"""Key achievements: the annual report as a printable page, from the API's own selector."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from engagement.choices import REPORT_YEARS, MeetingKind
from engagement.models import MemberState
from engagement.selectors.annual import annual_report
from engagement.views.access import OFFICE_READERS, roles_required
from pledges.choices import PledgeStatus


@roles_required(read=OFFICE_READERS)
def annual_report_current(request):
    """Last year's report: the current year is not over yet."""
    return redirect("annual-report", year=timezone.localdate().year - 1)


@roles_required(read=OFFICE_READERS)
def annual_report_page(request, year: int):
    """The same figures as GET /api/v1/reports/annual/{year}/, with States named."""
    if year not in REPORT_YEARS:
        raise Http404
    report = annual_report(user=request.user, year=year)
    names = dict(MemberState.objects.values_list("iso3", "name"))
    context = {
        "report": report,
        "year": year,
        "names": names,
        "meeting_kinds": [(MeetingKind(kind).label, n) for kind, n in report["meetings"]["by_kind"].items()],
        "pledge_statuses": [(PledgeStatus(s).label, n) for s, n in report["pledges"]["by_status"].items()],
        "previous": year - 1,
        "next": year + 1,
    }
    return render(request, "engagement/annual_report.html", context)
