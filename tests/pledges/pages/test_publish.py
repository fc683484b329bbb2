"""/pledges/<id>/publish/: staff publish a pledge on purpose (the checklist first) and can take it back."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from pledges.models import Pledge
from pledges.services import pledge_publish
from tests.factories import PledgeFactory, state
from tests.fixtures.pages import assert_sent_to_sign_in


@pytest.fixture
def draft(reference_data):
    return PledgeFactory(member_state=state("KEN"), title="Costed national plan", visibility="internal")


def publish_url(pledge) -> str:
    return f"/pledges/{pledge.pk}/publish/"


def test_a_pledge_recorded_on_the_page_starts_internal(web, staff):
    data = {
        "member_state": "KEN",
        "title": "Ban corporal punishment in all settings",
        "origin": "bogota_2024",
        "made_on": "2024-11-08",
        "area": "legislation",
        "reporting_interval_days": "180",
    }
    response = web(staff).post("/pledges/new/", data)
    assert response.status_code == 302
    assert Pledge.objects.get().visibility == "internal"


def test_the_new_pledge_form_says_it_starts_internal_and_has_no_visibility_field(web, staff):
    page = web(staff).get("/pledges/new/").content.decode()
    assert "A new pledge starts internal" in page
    assert 'name="visibility"' not in page


def test_the_confirmation_shows_the_smart_checklist_and_a_publish_button(web, staff, draft):
    response = web(staff).get(publish_url(draft))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Publish the pledge" in page
    assert 'data-gap="no_indicator"' in page
    assert 'name="visibility" value="public"' in page
    assert Pledge.objects.get(pk=draft.pk).visibility == "internal"


def test_the_pledge_page_puts_publish_beside_the_checklist_for_staff(web, staff, draft):
    page = web(staff).get(f"/pledges/{draft.pk}/").content.decode()
    checklist = page[
        page.index('id="smart-title"') : page.index("</section>", page.index('id="smart-title"'))
    ]
    assert f'action="/pledges/{draft.pk}/publish/"' in checklist
    assert 'value="public"' in checklist


@pytest.mark.parametrize("who", ["viewer", "focal_ken"])
def test_readers_see_no_publish_button(web, request, draft, who):
    page = web(request.getfixturevalue(who)).get(f"/pledges/{draft.pk}/").content.decode()
    assert "/publish/" not in page


def test_staff_publish_recorded_in_the_history_and_in_the_public_feed(web, staff, draft):
    response = web(staff).post(publish_url(draft))
    assert response["Location"] == f"/pledges/{draft.pk}/"
    pledge = Pledge.objects.get(pk=draft.pk)
    assert pledge.visibility == "public"
    latest = pledge.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("Pledge published", staff)
    assert "Costed national plan" in web().get("/public/pledges/").content.decode()


def test_staff_unpublish_takes_it_off_the_public_feed(web, staff, draft):
    Pledge.objects.filter(pk=draft.pk).update(visibility="public")
    assert "Unpublish the pledge" in web(staff).get(publish_url(draft)).content.decode()
    web(staff).post(publish_url(draft), {"visibility": "internal"})
    pledge = Pledge.objects.get(pk=draft.pk)
    assert pledge.visibility == "internal"
    assert pledge.history.first().history_change_reason == "Pledge unpublished"
    assert "Costed national plan" not in web().get("/public/pledges/").content.decode()


def test_publishing_a_public_pledge_again_records_nothing(web, staff, draft):
    web(staff).post(publish_url(draft))
    before = Pledge.objects.get(pk=draft.pk).history.count()
    web(staff).post(publish_url(draft))
    assert Pledge.objects.get(pk=draft.pk).history.count() == before


def test_an_unknown_visibility_changes_nothing(web, staff, draft):
    response = web(staff).post(publish_url(draft), {"visibility": "everyone"}, follow=True)
    assert "Choose public or internal." in response.content.decode()
    assert Pledge.objects.get(pk=draft.pk).visibility == "internal"


@pytest.mark.parametrize("who", ["viewer", "focal_ken", "focal_fji"])
def test_non_staff_cannot_open_or_post_the_publish_page(web, request, draft, who):
    client = web(request.getfixturevalue(who))
    assert client.get(publish_url(draft)).status_code == 403
    assert client.post(publish_url(draft)).status_code == 403
    assert Pledge.objects.get(pk=draft.pk).visibility == "internal"


def test_anonymous_is_sent_to_sign_in(web, draft):
    assert_sent_to_sign_in(web, publish_url(draft))
    web().post(publish_url(draft))
    assert Pledge.objects.get(pk=draft.pk).visibility == "internal"


def test_an_unknown_pledge_is_a_404(web, staff):
    assert web(staff).get("/pledges/999999/publish/").status_code == 404


@pytest.mark.parametrize("who", ["viewer", "focal_ken"])
def test_the_service_refuses_non_staff_whoever_calls_it(request, draft, who):
    with pytest.raises(PermissionDenied):
        pledge_publish(pledge=draft, by=request.getfixturevalue(who))
    assert Pledge.objects.get(pk=draft.pk).visibility == "internal"
