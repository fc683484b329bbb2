"""The pledge page's history hides what the API's does (review finding)."""

from __future__ import annotations

import pytest

from pledges.choices import Visibility
from pledges.services import pledge_report_progress, pledge_update
from tests.factories import PledgeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(staff, focal_ken):
    pledge = PledgeFactory(visibility=Visibility.INTERNAL)
    pledge_update(pledge=pledge, by=staff, changes={"responsible_staff": staff})
    pledge_report_progress(pledge=pledge, by=focal_ken, status="off_track", progress=33, narrative="Delayed.")
    return pledge


def history_of(page: str) -> str:
    """The pledge page's change history table."""
    section = page[page.index('id="history"') :]
    return section[: section.index("</table>")]


def test_a_viewer_does_not_see_it_on_the_pledge_page_either(web, viewer, reported):
    history = history_of(web(viewer).get(f"/pledges/{reported.pk}/").content.decode())
    assert "<dt>Status</dt>" not in history
    assert "<dt>Progress (%)</dt>" not in history
    assert "<dt>Responsible staff member</dt>" not in history


def test_staff_see_the_trail_on_the_pledge_page(web, staff, reported):
    history = history_of(web(staff).get(f"/pledges/{reported.pk}/").content.decode())
    assert "<dt>Status</dt>" in history
    assert "<ins>Off track</ins>" in history
    assert "<dt>Responsible staff member</dt>" in history
