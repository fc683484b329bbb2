"""`manage.py api_token`: prints a working API token for an account."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from engagement.models import User

pytestmark = pytest.mark.django_db


def token_for(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_printed_token_signs_the_account_in(staff):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for('alice')}")

    assert client.get("/api/v1/dashboard/summary/").status_code == 200


def test_create_as_focal_point_makes_an_account_of_that_state(reference_data):
    token_for("ci-focal", "--create-as", "focal_point", "--member-state", "ken")

    user = User.objects.get(username="ci-focal")
    assert (user.role, user.member_state.iso3, user.is_staff) == ("focal_point", "KEN", False)
    assert not user.has_usable_password()


def test_unknown_account_without_create_as_is_refused(reference_data):
    with pytest.raises(CommandError, match="--create-as"):
        token_for("nobody")

    assert not User.objects.filter(username="nobody").exists()


def test_focal_point_without_a_known_state_is_refused(reference_data):
    with pytest.raises(CommandError, match="member-state"):
        token_for("ci-focal", "--create-as", "focal_point", "--member-state", "XXX")

    assert not User.objects.filter(username="ci-focal").exists()
