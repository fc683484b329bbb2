"""The VNR board: stages ticked in place by staff, read-only for viewers."""

from __future__ import annotations

import pytest

from tests.factories import VnrFactory


@pytest.fixture
def engagement(reference_data):
    return VnrFactory(hlpf_year=2024)


def test_staff_ticks_a_stage_in_place(web, staff, engagement):
    url = f"/vnr/engagements/{engagement.pk}/meeting_held/"
    response = web(staff).post(url, {"done": "1"}, headers={"HX-Request": "true"})
    engagement.refresh_from_db()
    assert engagement.meeting_held
    assert f'id="vnr-{engagement.pk}-meeting_held"' in response.content.decode()
    assert 'aria-pressed="true"' in response.content.decode()


def test_viewer_sees_no_buttons_and_a_forged_tick_is_refused(web, viewer, engagement):
    page = web(viewer).get("/vnr/2024/").content.decode()
    assert "Kenya" in page
    assert "<button" not in page.split("<main")[1]
    response = web(viewer).post(f"/vnr/engagements/{engagement.pk}/meeting_held/", {"done": "1"})
    assert response.status_code == 403
    engagement.refresh_from_db()
    assert not engagement.meeting_held


def test_unknown_stage_is_404(web, staff, engagement):
    response = web(staff).post(f"/vnr/engagements/{engagement.pk}/notes/", {"done": "1"})
    assert response.status_code == 404
