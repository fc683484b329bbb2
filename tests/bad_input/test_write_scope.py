"""A focal point's write on a row outside its scope is the read's 404; on a row it may read, a 403."""

from __future__ import annotations

import pytest

from pledges.choices import Visibility
from tests.factories import PledgeFactory, state

pytestmark = pytest.mark.django_db


def test_focal_points_patch_on_another_states_internal_pledge_is_a_404(api, focal_fji, ken_pledge):
    response = api(focal_fji).patch(f"/api/v1/pledges/{ken_pledge.pk}/", {"title": "Hijacked"}, format="json")

    assert response.status_code == 404
    ken_pledge.refresh_from_db()
    assert ken_pledge.title == "Kenya national action plan"


def test_focal_points_patch_on_its_own_states_pledge_is_a_403(api, focal_ken, ken_pledge):
    response = api(focal_ken).patch(f"/api/v1/pledges/{ken_pledge.pk}/", {"title": "Edited"}, format="json")

    assert response.status_code == 403


def test_focal_points_patch_on_another_states_public_pledge_is_a_403(api, focal_fji, reference_data):
    public = PledgeFactory(visibility=Visibility.PUBLIC, member_state=state("KEN"))

    response = api(focal_fji).patch(f"/api/v1/pledges/{public.pk}/", {"title": "Edited"}, format="json")

    assert response.status_code == 403
