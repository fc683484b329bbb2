"""Database invariants of the engagement app: the database refuses the row, and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from engagement.choices import Role
from engagement.models import Indicator, IndicatorValue, User, VnrEngagement
from tests.factories import OrganizationFactory, VnrFactory, state

pytestmark = pytest.mark.django_db


def assert_refused(model, build) -> None:
    """`build()` raises IntegrityError inside its own savepoint and leaves the table as it was."""
    before = model.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        build()
    assert model.objects.count() == before


def test_vnr_with_both_a_state_and_an_organization_is_refused(reference_data):
    organization = OrganizationFactory()
    assert_refused(
        VnrEngagement,
        lambda: VnrEngagement.objects.create(
            hlpf_year=2024, member_state=state("KEN"), organization=organization
        ),
    )


def test_vnr_without_a_presenter_is_refused(reference_data):
    assert_refused(VnrEngagement, lambda: VnrEngagement.objects.create(hlpf_year=2024))


def test_vnr_presenter_check_gives_a_clear_message(reference_data):
    with pytest.raises(ValidationError, match="either a Member State or an organization"):
        VnrEngagement(hlpf_year=2024).full_clean()


def test_a_state_presents_once_per_hlpf_year(reference_data):
    VnrFactory(member_state=state("KEN"), hlpf_year=2024)
    assert_refused(VnrEngagement, lambda: VnrFactory(member_state=state("KEN"), hlpf_year=2024))


def test_an_organization_presents_once_per_hlpf_year(reference_data):
    organization = OrganizationFactory()
    VnrFactory(member_state=None, organization=organization, hlpf_year=2023)
    assert_refused(
        VnrEngagement, lambda: VnrFactory(member_state=None, organization=organization, hlpf_year=2023)
    )


def test_the_same_state_may_present_in_another_year(reference_data):
    VnrFactory(member_state=state("KEN"), hlpf_year=2023)
    VnrFactory(member_state=state("KEN"), hlpf_year=2024)
    assert VnrEngagement.objects.filter(member_state__iso3="KEN").count() == 2


def test_duplicate_vnr_gives_a_clear_message(reference_data):
    VnrFactory(member_state=state("KEN"), hlpf_year=2024)
    with pytest.raises(ValidationError, match="already has a VNR engagement for that year"):
        VnrEngagement(member_state=state("KEN"), hlpf_year=2024).full_clean()


def test_indicator_value_month_is_the_first_of_the_month(reference_data):
    indicator = Indicator.objects.first()
    assert_refused(
        IndicatorValue,
        lambda: IndicatorValue.objects.create(indicator=indicator, month=dt.date(2024, 3, 15), value=4),
    )


def test_indicator_value_on_the_first_of_the_month_is_accepted(reference_data):
    indicator = Indicator.objects.first()
    IndicatorValue.objects.create(indicator=indicator, month=dt.date(2024, 3, 1), value=4)
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1


def test_a_focal_point_without_a_state_is_refused(reference_data):
    assert_refused(User, lambda: User.objects.create(username="nostate", role=Role.FOCAL_POINT))


@pytest.mark.parametrize("role", [Role.STAFF, Role.VIEWER])
def test_only_focal_points_have_a_state(reference_data, role):
    assert_refused(User, lambda: User.objects.create(username="stated", role=role, member_state=state("KEN")))
