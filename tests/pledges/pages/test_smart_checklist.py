"""The SMART checklist: previewed live from the unsaved form, shown on the pledge page; never blocking."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pledges.models import Pledge
from tests.factories import PledgeFactory, state, term

ALL_FILLED = {
    "indicator": "Districts with a child helpline",
    "baseline": "12 of 47",
    "responsible_body": "Ministry of Labour",
    "budget_committed": "on",
    "target_date": "2030-12-31",
}


def gaps_in(page: str) -> set[str]:
    return set(re.findall(r'data-gap="([a-z_]+)"', page))


@pytest.fixture
def preview(web, staff):
    def post(**data) -> str:
        response = web(staff).post("/pledges/smart-checklist/", data)
        assert response.status_code == 200
        return response.content.decode()

    return post


def test_blank_form_lists_every_gap_but_a_past_target_date(preview, reference_data):
    assert gaps_in(preview()) == {
        "no_indicator",
        "no_baseline",
        "no_target_date",
        "no_responsible_body",
        "no_budget",
        "no_sdg_target",
    }


@pytest.mark.parametrize(
    ("field", "value", "gap"),
    [
        ("indicator", "Districts with a helpline", "no_indicator"),
        ("baseline", "12 of 47", "no_baseline"),
        ("target_date", "2030-12-31", "no_target_date"),
        ("responsible_body", "Ministry of Labour", "no_responsible_body"),
        ("budget_committed", "on", "no_budget"),
    ],
)
def test_filling_a_field_removes_its_gap(preview, reference_data, field, value, gap):
    assert gap in gaps_in(preview())
    assert gap not in gaps_in(preview(**{field: value}))


def test_choosing_an_sdg_target_removes_its_gap(preview, reference_data):
    assert "no_sdg_target" not in gaps_in(preview(sdg_targets=[str(term("sdg_target", "16.2").pk)]))


def test_a_past_target_date_appears_as_its_own_gap(preview, reference_data):
    gaps = gaps_in(preview(target_date="2020-01-01"))
    assert "target_date_past" in gaps
    assert "no_target_date" not in gaps


def test_a_mistyped_date_counts_as_missing(preview, reference_data):
    assert "no_target_date" in gaps_in(preview(target_date="31/12/2030"))


def test_a_complete_draft_has_no_gap(preview, reference_data):
    page = preview(**ALL_FILLED, sdg_targets=[str(term("sdg_target", "16.2").pk)])
    assert gaps_in(page) == {"none"}


def test_preview_saves_nothing(preview, reference_data):
    preview(title="A draft", member_state=str(state("KEN").pk), **ALL_FILLED)
    assert not Pledge.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "focal_ken"])
def test_only_staff_may_preview(web, request, reference_data, who):
    assert web(request.getfixturevalue(who)).post("/pledges/smart-checklist/", {}).status_code == 403


def test_edit_preview_judges_the_target_date_with_the_pledges_status(web, staff, reference_data):
    pledge = PledgeFactory(status="achieved", progress=100, target_date=dt.date(2020, 1, 1))
    page = web(staff).post(f"/pledges/{pledge.pk}/smart-checklist/", {"target_date": "2020-01-01"})
    assert "target_date_past" not in gaps_in(page.content.decode())


def test_edit_form_shows_the_saved_pledges_gaps(web, staff, reference_data):
    pledge = PledgeFactory(indicator="Helplines", sdg_targets=["16.2"])
    gaps = gaps_in(web(staff).get(f"/pledges/{pledge.pk}/edit/").content.decode())
    assert "no_indicator" not in gaps
    assert "no_sdg_target" not in gaps
    assert "no_baseline" in gaps


def test_pledge_page_shows_the_checklist_to_every_reader(web, focal_ken, reference_data):
    pledge = PledgeFactory(member_state=state("KEN"), indicator="")
    page = web(focal_ken).get(f"/pledges/{pledge.pk}/").content.decode()
    assert "SMART checklist" in page
    assert "no_indicator" in gaps_in(page)


def test_form_page_wires_the_live_preview(web, staff, reference_data):
    page = web(staff).get("/pledges/new/").content.decode()
    assert 'hx-post="/pledges/smart-checklist/"' in page
    assert 'hx-include="#pledge-form"' in page
