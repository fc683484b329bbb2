"""Running the VNR year from its board: add a presenter, paste the official list, remove a mistake."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from engagement.models import Organization, VnrEngagement
from engagement.services import vnr_engagement_bulk_create, vnr_engagement_delete
from tests.factories import VnrFactory, state
from tests.fixtures.pages import assert_sent_to_sign_in

BOARD = "/vnr/2025/"


def presenters(year: int = 2025) -> list[str]:
    return sorted(str(engagement.presenter) for engagement in VnrEngagement.objects.filter(hlpf_year=year))


# --- One presenter ------------------------------------------------------------------------------


def test_staff_adds_a_state_by_its_iso3_code(web, staff):
    response = web(staff).post(BOARD, {"_form": "presenter", "member_state": "KEN"}, follow=True)
    assert response.redirect_chain[-1][0] == BOARD
    assert presenters() == ["Kenya"]
    assert "Kenya added to the board." in response.content.decode()
    engagement = VnrEngagement.objects.get()
    assert engagement.history.latest().history_user == staff


def test_staff_adds_an_organization(web, staff):
    eu = Organization.objects.get(name="European Union")
    web(staff).post(BOARD, {"_form": "presenter", "organization": eu.pk})
    assert presenters() == ["European Union (EU)"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Give the presenting Member State or organization."),
        ({"member_state": "KEN", "organization": "eu"}, "Give either a Member State or an organization"),
        ({"member_state": "XYZ"}, "Select a valid choice."),
    ],
)
def test_a_refused_presenter_is_shown_on_the_board_with_its_error(web, staff, data, message):
    if data.get("organization") == "eu":
        data["organization"] = Organization.objects.get(name="European Union").pk
    response = web(staff).post(BOARD, {"_form": "presenter", **data})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'class="error-summary"' in page
    assert presenters() == []


def test_a_presenter_already_on_the_board_is_refused_by_name(web, staff):
    VnrFactory(hlpf_year=2025, member_state=state("KEN"))
    page = web(staff).post(BOARD, {"_form": "presenter", "member_state": "KEN"}).content.decode()
    assert "Kenya already has a VNR engagement for 2025." in page
    assert presenters() == ["Kenya"]


# --- The pasted list ----------------------------------------------------------------------------


def paste(client, codes: str):
    return client.post(BOARD, {"_form": "codes", "codes": codes}, follow=True)


def test_codes_separated_by_spaces_commas_and_lines_are_all_added(web, staff):
    response = paste(web(staff), "ken, FJI\nTHA  lva;ltu\r\n")
    assert presenters() == ["Fiji", "Kenya", "Latvia", "Lithuania", "Thailand"]
    assert "5 presenters added." in response.content.decode()
    assert response.redirect_chain[-1][0] == BOARD


def test_one_unknown_code_adds_nothing_and_every_unknown_code_is_named(web, staff):
    response = paste(web(staff), "KEN XXX FJI QQQ")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Unknown ISO3 codes: XXX, QQQ. Nothing was added." in page
    assert presenters() == []
    # The pasted text stays in the box, to be corrected.
    assert "KEN XXX FJI QQQ" in page


def test_codes_already_on_the_board_are_skipped_and_reported_not_refused(web, staff):
    VnrFactory(hlpf_year=2025, member_state=state("KEN"))
    VnrFactory(hlpf_year=2024, member_state=state("FJI"))  # another year does not count
    page = paste(web(staff), "KEN FJI KEN").content.decode()
    assert presenters() == ["Fiji", "Kenya"]
    assert "1 presenter added." in page
    assert "Already on the board, skipped: Kenya." in page


def test_an_empty_paste_is_refused(web, staff):
    page = paste(web(staff), " ,\n ").content.decode()
    assert "Give at least one ISO3 code." in page
    assert presenters() == []


def test_the_paste_service_is_one_transaction(staff):
    with pytest.raises(Exception, match="Unknown ISO3 codes: ZZZ"):
        vnr_engagement_bulk_create(hlpf_year=2025, codes=["KEN", "FJI", "ZZZ"], by=staff)
    assert presenters() == []
    result = vnr_engagement_bulk_create(hlpf_year=2025, codes=["KEN", "ken"], by=staff)
    assert [engagement.member_state.iso3 for engagement in result.added] == ["KEN"]
    assert result.skipped == []


# --- Removing a presenter added by mistake ------------------------------------------------------


def test_remove_asks_first_then_removes_and_history_keeps_it(web, staff):
    engagement = VnrFactory(hlpf_year=2025, member_state=state("KEN"))
    client = web(staff)
    url = f"/vnr/engagements/{engagement.pk}/remove/"
    page = client.get(url).content.decode()
    assert "Remove Kenya from the HLPF 2025 board?" in page
    assert VnrEngagement.objects.filter(pk=engagement.pk).exists()
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == BOARD
    assert "Kenya removed from the board." in response.content.decode()
    assert not VnrEngagement.objects.filter(pk=engagement.pk).exists()
    removal = VnrEngagement.history.filter(id=engagement.pk).latest()
    assert removal.history_type == "-"
    assert removal.history_user == staff


def test_the_board_links_each_presenter_to_its_removal_for_staff(web, staff):
    engagement = VnrFactory(hlpf_year=2025, member_state=state("KEN"))
    page = web(staff).get(BOARD).content.decode()
    assert f'href="/vnr/engagements/{engagement.pk}/remove/"' in page
    assert 'aria-label="Remove Kenya"' in page


# --- Who may do it ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "focal_ken"])
def test_viewers_and_focal_points_are_refused_every_write(request, web, reference_data, role):
    client = web(request.getfixturevalue(role))
    engagement = VnrFactory(hlpf_year=2025, member_state=state("FJI"))
    assert client.post(BOARD, {"_form": "presenter", "member_state": "KEN"}).status_code == 403
    assert client.post(BOARD, {"_form": "codes", "codes": "KEN THA"}).status_code == 403
    remove = f"/vnr/engagements/{engagement.pk}/remove/"
    assert client.get(remove).status_code == 403
    assert client.post(remove).status_code == 403
    assert presenters() == ["Fiji"]


def test_anonymous_callers_are_sent_to_sign_in_and_nothing_changes(web, reference_data):
    engagement = VnrFactory(hlpf_year=2025, member_state=state("FJI"))
    assert_sent_to_sign_in(web, f"/vnr/engagements/{engagement.pk}/remove/")
    response = web().post(BOARD, {"_form": "codes", "codes": "KEN"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    web().post(f"/vnr/engagements/{engagement.pk}/remove/")
    assert presenters() == ["Fiji"]


@pytest.mark.parametrize("role", ["viewer", "focal_ken"])
def test_the_services_refuse_a_caller_who_is_not_staff(request, reference_data, role):
    user = request.getfixturevalue(role)
    engagement = VnrFactory(hlpf_year=2025, member_state=state("KEN"))
    with pytest.raises(PermissionDenied):
        vnr_engagement_delete(engagement=engagement, by=user)
    with pytest.raises(PermissionDenied):
        vnr_engagement_bulk_create(hlpf_year=2025, codes=["FJI"], by=user)
    assert presenters() == ["Kenya"]


def test_an_unknown_year_is_404(web, staff):
    assert web(staff).post("/vnr/1999/", {"_form": "codes", "codes": "KEN"}).status_code == 404
    assert presenters(1999) == []
