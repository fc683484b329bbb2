"""Staff verdicts on progress reports, posted from the pledge page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from engagement.choices import Role
from engagement.views.access import roles_required
from pledges.choices import Verdict
from pledges.forms import VerificationForm
from pledges.models import ProgressReport
from pledges.services import report_verify


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
