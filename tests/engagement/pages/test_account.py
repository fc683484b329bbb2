"""/account/: a user's own language, e-mail, weekly digest and password; never another account."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from engagement.choices import Role
from engagement.models import User
from engagement.services import user_update
from tests.factories import UserFactory
from tests.fixtures.pages import assert_sent_to_sign_in

PASSWORD = "correct horse battery"


def settings_of(user: User) -> tuple:
    user.refresh_from_db()
    return (user.language, user.email, user.weekly_digest, user.role, user.is_staff, user.member_state_id)


@pytest.mark.parametrize("role", ["staff", "viewer", "focal_ken"])
def test_every_role_opens_its_account_page(request, web, role):
    response = web(request.getfixturevalue(role)).get("/account/")
    assert response.status_code == 200
    assert 'name="language"' in response.content.decode()


@pytest.mark.parametrize("url", ["/account/", "/account/password/"])
def test_anonymous_is_sent_to_sign_in(web, reference_data, url):
    assert_sent_to_sign_in(web, url)


def test_anonymous_post_writes_nothing(web, focal_ken):
    before = settings_of(focal_ken)
    web().post("/account/", {"language": "fr", "email": "x@example.org"})
    assert settings_of(focal_ken) == before


def test_the_language_is_saved(web, focal_ken):
    response = web(focal_ken).post(
        "/account/", {"language": "es", "email": focal_ken.email, "weekly_digest": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert settings_of(focal_ken)[0] == "es"


def test_every_language_of_the_settings_is_offered(web, focal_ken, settings):
    page = web(focal_ken).get("/account/").content.decode()
    for code, _name in settings.LANGUAGES:
        assert f'value="{code}"' in page


def test_the_email_is_saved(web, focal_ken):
    web(focal_ken).post("/account/", {"language": "en", "email": "kamau@health.go.ke", "weekly_digest": "on"})
    assert settings_of(focal_ken)[1] == "kamau@health.go.ke"


def test_a_focal_point_switches_the_weekly_digest_off_and_on(web, focal_ken):
    client = web(focal_ken)
    client.post("/account/", {"language": "en", "email": focal_ken.email})
    assert settings_of(focal_ken)[2] is False
    client.post("/account/", {"language": "en", "email": focal_ken.email, "weekly_digest": "on"})
    assert settings_of(focal_ken)[2] is True


def test_staff_have_no_digest_switch_and_posting_one_changes_nothing(web, staff):
    client = web(staff)
    assert 'name="weekly_digest"' not in client.get("/account/").content.decode()
    client.post("/account/", {"language": "en", "email": staff.email})
    assert settings_of(staff)[2] is True


def test_an_email_of_another_account_is_refused_and_nothing_is_written(web, focal_ken, viewer):
    before = settings_of(focal_ken)
    response = web(focal_ken).post("/account/", {"language": "fr", "email": viewer.email.upper()})
    assert response.status_code == 200
    assert "Another account already uses this e-mail address." in response.content.decode()
    assert settings_of(focal_ken) == before


def test_an_invalid_email_or_language_is_refused(web, focal_ken):
    before = settings_of(focal_ken)
    client = web(focal_ken)
    assert client.post("/account/", {"language": "en", "email": "not an address"}).status_code == 200
    assert client.post("/account/", {"language": "xx", "email": focal_ken.email}).status_code == 200
    assert settings_of(focal_ken) == before


def test_posting_other_fields_cannot_change_role_state_or_another_user(web, focal_ken, viewer):
    other_before = settings_of(viewer)
    web(focal_ken).post(
        "/account/",
        {
            "language": "en",
            "email": focal_ken.email,
            "role": Role.STAFF,
            "is_staff": "on",
            "member_state": "FJI",
            "username": viewer.username,
            "id": viewer.pk,
            "user": viewer.pk,
        },
    )
    *_, role, is_staff, state_id = settings_of(focal_ken)
    assert (role, is_staff, state_id) == (Role.FOCAL_POINT, False, focal_ken.member_state_id)
    assert settings_of(viewer) == other_before


def test_the_password_is_changed_in_the_site_layout(web, viewer):
    client = web(viewer)
    page = client.get("/account/password/")
    assert page.templates[0].name == "engagement/account_password.html"
    response = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a much longer passphrase 42",
            "new_password2": "a much longer passphrase 42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    viewer.refresh_from_db()
    assert viewer.check_password("a much longer passphrase 42")
    assert client.get("/account/").status_code == 200  # still signed in


def test_a_wrong_old_password_changes_nothing(web, viewer):
    response = web(viewer).post(
        "/account/password/",
        {
            "old_password": "wrong",
            "new_password1": "a much longer passphrase 42",
            "new_password2": "a much longer passphrase 42",
        },
    )
    assert response.status_code == 200
    viewer.refresh_from_db()
    assert viewer.check_password(PASSWORD)


def test_user_update_refuses_an_email_another_account_holds(reference_data):
    first = UserFactory(username="first", email="same@example.org")
    second = UserFactory(username="second", email="other@example.org")
    with pytest.raises(ValidationError) as error:
        user_update(user=second, data={"email": "Same@Example.org"})
    assert "email" in error.value.message_dict
    second.refresh_from_db()
    assert second.email == "other@example.org"
    user_update(user=first, data={"email": "same@example.org"})  # its own address stays its own
    user_update(user=second, data={"email": ""})  # blank is allowed, for more than one account
    user_update(user=first, data={"email": ""})


def test_the_digest_email_points_to_the_account_page(reference_data, focal_ken, settings):
    context = {
        "recipient": focal_ken,
        "can_opt_out": True,
        "site_url": "https://tracker.example.org",
        **dict.fromkeys(("overdue_count", "due_soon_count", "ahead_days", "reports_waiting_count"), 0),
    }
    for extension in ("txt", "html"):
        text = render_to_string(f"email/weekly_digest.{extension}", context)
        assert "https://tracker.example.org/account/" in text
        assert "your account page" in text
        assert "profile" not in text
