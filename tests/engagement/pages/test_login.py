"""Sign-in, sign-out and password reset pages."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.factories import FocalPointFactory, state

PASSWORD = "correct horse battery"


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_focal_point_lands_on_what_is_due_from_their_state(client, focal_ken):
    response = sign_in(client, "kamau")
    assert response.status_code == 302
    landing = client.get(response["Location"])
    assert landing.status_code == 200
    assert landing.templates[0].name == "dashboards/focal_home.html"


@pytest.mark.parametrize("role", ["staff", "viewer"])
def test_staff_and_viewers_land_on_the_dashboard(request, client, role):
    user = request.getfixturevalue(role)
    response = sign_in(client, user.username)
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_shows_the_form_again_with_the_username(client, staff):
    response = sign_in(client, "alice", "wrong")
    assert response.status_code == 200
    assert 'value="alice"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_form(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "alice", "wrong")
    response = sign_in(client, "alice")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post_and_ends_the_session(client, staff):
    client.force_login(staff)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link_to_the_confirm_page(client, reference_data):
    FocalPointFactory(username="wanjiru", email="wanjiru@example.org", member_state=state("KEN"))
    response = client.post("/accounts/password_reset/", {"email": "wanjiru@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    confirm = client.get(link, follow=True)
    assert confirm.status_code == 200
    assert "new_password1" in confirm.content.decode()


def test_login_page_speaks_french_when_asked(client, reference_data):
    response = client.get("/accounts/login/", headers={"accept-language": "fr"})
    assert "Se connecter" in response.content.decode()
