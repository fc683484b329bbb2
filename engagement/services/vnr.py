"""VNR outreach: one engagement per presenter and HLPF year, and the stages it passes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from engagement.models import VNR_STAGES, MemberState, Organization, User, VnrEngagement

VNR_FIELDS = ("hlpf_year", "member_state", "organization", "notes", *VNR_STAGES)

# As the model's check constraint `vnr_hlpf_year_range`; checked here for a message naming the field.
HLPF_YEARS = (2000, 2100)

# The code of a ValidationError for a presenter already engaged that year: the API answers 409.
DUPLICATE = "duplicate"


def _check_engagement(engagement: VnrEngagement) -> None:
    """Exactly one presenter, and one engagement per presenter and year."""
    if not HLPF_YEARS[0] <= engagement.hlpf_year <= HLPF_YEARS[1]:
        raise ValidationError(
            {
                "hlpf_year": [
                    _("Give an HLPF year between %(first)s and %(last)s.")
                    % {"first": HLPF_YEARS[0], "last": HLPF_YEARS[1]}
                ]
            }
        )
    if engagement.member_state_id and engagement.organization_id:
        raise ValidationError(
            {"organization": [_("Give either a Member State or an organization, not both.")]}
        )
    if not engagement.member_state_id and not engagement.organization_id:
        raise ValidationError({"member_state": [_("Give the presenting Member State or organization.")]})
    field = "member_state" if engagement.member_state_id else "organization"
    others = VnrEngagement.objects.filter(
        hlpf_year=engagement.hlpf_year, **{f"{field}_id": getattr(engagement, f"{field}_id")}
    ).exclude(pk=engagement.pk)
    if others.exists():
        message = _("%(presenter)s already has a VNR engagement for %(year)s.") % {
            "presenter": engagement.presenter,
            "year": engagement.hlpf_year,
        }
        raise ValidationError({field: [ValidationError(message, code=DUPLICATE)]})
    engagement.full_clean()


def _save(engagement: VnrEngagement, by: User | None) -> VnrEngagement:
    _check_engagement(engagement)
    if by is not None:
        engagement._history_user = by
    engagement.save()
    return engagement


@transaction.atomic
def vnr_engagement_create(
    *,
    hlpf_year: int,
    member_state: MemberState | None = None,
    organization: Organization | None = None,
    notes: str = "",
    by: User | None = None,
    **stages: bool,
) -> VnrEngagement:
    """Record a VNR presenter for an HLPF year, with the stages already reached."""
    unknown = set(stages) - set(VNR_STAGES)
    if unknown:
        raise ValidationError({field: [_("Unknown VNR stage.")] for field in unknown})
    engagement = VnrEngagement(
        hlpf_year=hlpf_year, member_state=member_state, organization=organization, notes=notes, **stages
    )
    return _save(engagement, by)


@transaction.atomic
def vnr_engagement_update(
    *, engagement: VnrEngagement, data: dict[str, Any], by: User | None = None
) -> VnrEngagement:
    """Change a VNR engagement (presenter, year, stages, notes)."""
    unknown = set(data) - set(VNR_FIELDS)
    if unknown:
        raise ValidationError({field: [_("This field cannot be changed here.")] for field in unknown})
    for field, value in data.items():
        setattr(engagement, field, value)
    return _save(engagement, by)


@transaction.atomic
def vnr_stage_set(
    *, engagement: VnrEngagement, stage: str, done: bool, by: User | None = None
) -> VnrEngagement:
    """Mark one outreach stage reached (or not) for a presenter."""
    if stage not in VNR_STAGES:
        raise ValidationError({"stage": [_("Unknown VNR stage '%(stage)s'.") % {"stage": stage}]})
    setattr(engagement, stage, done)
    if by is not None:
        engagement._history_user = by
    engagement.save(update_fields=[stage, "updated_at"])
    return engagement
