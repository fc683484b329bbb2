"""A body above DATA_UPLOAD_MAX_MEMORY_SIZE is a 400 in the API's error shape, not a 500."""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from pledges.models import Pledge
from tests.bad_input.bodies import pledge_body, post_json

pytestmark = pytest.mark.django_db


def test_a_json_body_above_data_upload_max_memory_size_is_a_400(api, staff):
    text = json.dumps(pledge_body(description="x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE))

    response = post_json(api(staff), "/api/v1/pledges/", text)

    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is larger than this server accepts."}
    assert not Pledge.objects.exists()


def test_a_form_body_above_the_limit_is_a_400_on_the_anonymous_token_endpoint(api, reference_data):
    body = "username=alice&password=" + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    response = api().generic(
        "POST", "/api/v1/auth/token/", body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is larger than this server accepts."}
