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


def test_a_viewer_does_not_see_it_on_the_pledge_page_either(web, viewer, reported):
    page = web(viewer).get(f"/pledges/{reported.pk}/").content.decode()
    assert "<code>status</code>" not in page
    assert "<code>progress</code>" not in page
    assert "<code>responsible_staff</code>" not in page


def test_staff_see_the_trail_on_the_pledge_page(web, staff, reported):
    page = web(staff).get(f"/pledges/{reported.pk}/").content.decode()
    assert "<code>status</code>" in page
    assert "<code>responsible_staff</code>" in page
