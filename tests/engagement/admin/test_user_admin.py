"""The user admin: Django's, plus the tracker's role, focal-point State, language and digest."""

from __future__ import annotations

import pytest
from django.urls import reverse

from engagement.models import User
from tests.factories import FocalPointFactory, UserFactory, state

pytestmark = pytest.mark.django_db

NEW_ACCOUNT = {
    "username": "new.focal",
    "password1": "a long pass phrase 42",
    "password2": "a long pass phrase 42",
    "usable_password": "true",
    "email": "focal@example.org",
    "language": "fr",
    "weekly_digest": "on",
}


def test_a_focal_point_is_created_with_its_state(admin_client, reference_data):
    data = NEW_ACCOUNT | {"role": "focal_point", "member_state": state("SEN").pk}
    response = admin_client.post(reverse("admin:engagement_user_add"), data)
    assert response.status_code == 302
    user = User.objects.get(username="new.focal")
    assert (user.role, user.member_state.iso3, user.language) == ("focal_point", "SEN", "fr")


def test_a_focal_point_without_a_state_is_refused_with_a_message(admin_client, reference_data):
    before = User.objects.count()
    response = admin_client.post(reverse("admin:engagement_user_add"), NEW_ACCOUNT | {"role": "focal_point"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert User.objects.count() == before


@pytest.fixture
def accounts(reference_data):
    FocalPointFactory(username="kamau", member_state=state("KEN"))
    FocalPointFactory(username="fiona", member_state=state("FJI"))
    UserFactory(username="gone", is_active=False)


def usernames(admin_client, query: dict) -> set[str]:
    response = admin_client.get(reverse("admin:engagement_user_changelist"), query)
    return {user.username for user in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [({"role__exact": "focal_point"}, {"kamau", "fiona"}), ({"is_active__exact": "0"}, {"gone"})],
)
def test_users_are_filtered_by_role_and_activity(admin_client, accounts, query, expected):
    assert usernames(admin_client, query) == expected


def test_users_are_filtered_by_member_state(admin_client, accounts):
    assert usernames(admin_client, {"member_state__id__exact": state("KEN").pk}) == {"kamau"}
