"""The talking points staff keep on a Member State: staff only, with history, never in the API."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import NoReverseMatch, include, path, reverse

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401 (this URLconf's error pages)
from dashboards.selectors.brief import talking_points_history
from dashboards.views import briefs
from engagement.models import MemberState
from engagement.services import member_state_update_talking_points
from engagement.validators import TEXT_MAX_LENGTH
from tests.factories import StaffFactory, state

POINTS = "Welcome the corporal punishment bill; ask about the helpline budget."

# The page's route, until dashboards/urls.py names it (then this URLconf is the site's own).
try:
    reverse("state-talking-points", args=["KEN"], urlconf="config.urls")
except NoReverseMatch:
    urlpatterns = [
        path("states/<iso3:iso3>/talking-points/", briefs.talking_points, name="state-talking-points"),
        path("", include("config.urls")),
    ]
else:
    urlpatterns = [path("", include("config.urls"))]

pytestmark = pytest.mark.urls(__name__)

URL = "/states/KEN/talking-points/"


def kenya() -> MemberState:
    return state("KEN")


# --- The service ------------------------------------------------------------------------------------


def test_each_change_is_recorded_with_who_and_when(staff):
    bob = StaffFactory(username="bob", first_name="Bob")
    assert member_state_update_talking_points(member_state=kenya(), talking_points=POINTS, by=staff) == [
        "talking_points"
    ]
    member_state_update_talking_points(member_state=kenya(), talking_points="  Thank the minister.  ", by=bob)
    assert kenya().talking_points == "Thank the minister."
    records = list(kenya().history.order_by("history_id"))
    assert [record.talking_points for record in records[-2:]] == [POINTS, "Thank the minister."]
    assert [record.history_user for record in records[-2:]] == [staff, bob]
    assert records[-1].history_change_reason == "Talking points updated"
    entries, latest = talking_points_history(kenya())
    assert latest == records[-1].history_id
    assert [entry.by for entry in entries] == ["Bob", "Alice"]  # newest first, by name
    assert (entries[0].changes[0].old, entries[0].changes[0].new) == (POINTS, "Thank the minister.")


def test_saving_the_same_text_writes_no_history(staff):
    member_state_update_talking_points(member_state=kenya(), talking_points=POINTS, by=staff)
    count = kenya().history.count()
    assert member_state_update_talking_points(member_state=kenya(), talking_points=POINTS, by=staff) == []
    assert kenya().history.count() == count


@pytest.mark.parametrize("role", ["viewer", "focal_ken", "anonymous"])
def test_only_staff_may_write_them(request, reference_data, role):
    by = None if role == "anonymous" else request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        member_state_update_talking_points(member_state=kenya(), talking_points=POINTS, by=by)
    assert kenya().talking_points == ""


def test_a_colleagues_save_in_between_is_not_overwritten(staff):
    _, opened = talking_points_history(kenya())
    member_state_update_talking_points(member_state=kenya(), talking_points="Colleague's version.", by=staff)
    with pytest.raises(ValidationError) as refused:
        member_state_update_talking_points(
            member_state=kenya(), talking_points=POINTS, by=staff, based_on=opened
        )
    assert refused.value.error_dict["talking_points"][0].code == "stale_edit"
    assert kenya().talking_points == "Colleague's version."


def test_text_longer_than_the_bound_is_refused(staff):
    with pytest.raises(ValidationError) as refused:
        member_state_update_talking_points(
            member_state=kenya(), talking_points="x" * (TEXT_MAX_LENGTH + 1), by=staff
        )
    assert "talking_points" in refused.value.error_dict
    assert kenya().talking_points == ""


# --- The API never shows them -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "viewer", "focal_ken"])
def test_the_member_state_api_never_carries_them(request, api, staff, role):
    member_state_update_talking_points(member_state=kenya(), talking_points=POINTS, by=staff)
    client = api(request.getfixturevalue(role))
    detail = client.get("/api/v1/member-states/KEN/")
    assert detail.status_code == 200
    assert "talking_points" not in detail.json()
    listed = client.get("/api/v1/member-states/?search=Kenya").json()["results"]
    assert listed
    assert all("talking_points" not in row for row in listed)
    exported = b"".join(client.get("/api/v1/member-states/?format=csv").streaming_content).decode("utf-8-sig")
    assert "talking_points" not in next(csv.reader(io.StringIO(exported)))
    assert "helpline budget" not in exported


# --- The page ---------------------------------------------------------------------------------------


def test_staff_edit_them_and_read_who_changed_them(web, staff):
    client = web(staff)
    page = client.get(URL)
    assert page.status_code == 200
    assert 'name="talking_points"' in page.content.decode()
    response = client.post(
        URL, {"talking_points": POINTS, "based_on": page.context["form"]["based_on"].value()}
    )
    assert response.status_code == 302
    assert response["Location"] == URL
    assert kenya().talking_points == POINTS
    page = client.get(URL).content.decode()
    assert "Talking points saved." in page
    assert POINTS in page
    assert "<td>Alice</td>" in page  # who, in the history table


def test_a_stale_form_keeps_the_editors_text_and_shows_the_colleagues(web, staff):
    client = web(staff)
    opened = client.get(URL).context["form"]["based_on"].value()
    member_state_update_talking_points(
        member_state=kenya(), talking_points="Colleague's version.", by=StaffFactory(username="bob")
    )
    response = client.post(URL, {"talking_points": POINTS, "based_on": opened})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone saved other talking points after you opened the page" in page
    assert POINTS in page
    assert "Colleague&#x27;s version." in page
    assert kenya().talking_points == "Colleague's version."
    # The form now starts from the colleague's version: saving again replaces it, knowingly.
    again = client.post(
        URL, {"talking_points": POINTS, "based_on": response.context["form"]["based_on"].value()}
    )
    assert again.status_code == 302
    assert kenya().talking_points == POINTS


@pytest.mark.parametrize(
    "data",
    [{"talking_points": "x" * (TEXT_MAX_LENGTH + 1)}, {"talking_points": "ok", "based_on": "not-a-number"}],
)
def test_bad_input_is_the_form_again_with_its_error(web, staff, data):
    response = web(staff).post(URL, data)
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert "your colleague saved" not in response.content.decode()
    assert kenya().talking_points == ""


@pytest.mark.parametrize("role", ["viewer", "focal_ken"])
def test_others_are_refused(request, web, role):
    client = web(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"talking_points": POINTS}).status_code == 403
    assert kenya().talking_points == ""


def test_anonymous_callers_are_sent_to_sign_in(web, reference_data):
    response = web().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_an_unknown_state_is_404(web, staff):
    assert web(staff).get("/states/XXX/talking-points/").status_code == 404


def test_the_staff_brief_links_to_them_and_the_viewers_does_not(web, staff, viewer):
    assert f'href="{URL}"' in web(staff).get("/states/KEN/brief/").content.decode()
    assert URL not in web(viewer).get("/states/KEN/brief/").content.decode()
