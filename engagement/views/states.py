"""The Member State page: everything the caller may see about one State, on one page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from engagement.models import Meeting, MemberState, User, VnrEngagement
from engagement.roles import focal_state_id, is_staff
from engagement.views.access import roles_required
from pledges.choices import Milestone
from pledges.models import AllianceMembership, CtaEndorsement, Pledge
from pledges.selectors import membership_milestones
from visits.models import CountryVisit


@roles_required()
def state_detail(request, iso3: str):
    """One State's focal points, visits, meetings, VNR outreach, endorsement, membership, pledges."""
    user = request.user
    state = get_object_or_404(
        MemberState.objects.visible_to(user).select_related("region", "subregion"), iso3=iso3.upper()
    )
    # A focal point speaks for one State: another State's page does not exist for them.
    if focal_state_id(user) not in (None, state.pk):
        raise Http404
    membership = (
        AllianceMembership.objects.visible_to(user)
        .filter(member_state=state)
        .prefetch_related("milestones")
        .first()
    )
    context = {
        "state": state,
        "focal_points": User.objects.focal_points_of(state.pk).order_by("last_name", "username"),
        "visits": CountryVisit.objects.visible_to(user).filter(member_state=state),
        "meetings": Meeting.objects.visible_to(user).filter(member_states=state)[:50],
        "show_notes": is_staff(user),
        "vnr_engagements": VnrEngagement.objects.visible_to(user).filter(member_state=state),
        "endorsement": CtaEndorsement.objects.visible_to(user).filter(member_state=state).first(),
        "membership": membership,
        "milestones": _labelled(membership_milestones(membership)) if membership else [],
        "pledges": Pledge.objects.visible_to(user)
        .filter(member_state=state)
        .order_by("next_report_due", "-made_on"),
    }
    return render(request, "engagement/state_detail.html", context)


def _labelled(milestones: list[dict]) -> list[dict]:
    return [{**milestone, "label": Milestone(milestone["code"]).label} for milestone in milestones]
