"""/alliance/: every member with its joined date, national plan and milestones; filters, totals, downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engagement.models import MemberState
from pledges.models import AllianceMilestone
from pledges.selectors import milestones_for_display
from tests.factories import MembershipFactory, state


def test_members_are_listed_with_milestones_done(web, viewer, reference_data):
    membership = MembershipFactory(member_state=state("KEN"), national_plan_status="adopted")
    AllianceMilestone.objects.create(
        membership=membership, code="data_collected", done_on=dt.date(2025, 1, 1)
    )
    page = web(viewer).get("/alliance/").content.decode()
    assert "Kenya" in page
    assert "Adopted" in page
    assert 'value="1"' in page
    assert "1/5" in page
    assert "/alliance/KEN/edit/" not in page  # viewers read, never edit


def test_focal_point_sees_only_its_own_membership(web, focal_ken, reference_data):
    MembershipFactory(member_state=state("KEN"))
    MembershipFactory(member_state=state("FJI"))
    page = web(focal_ken).get("/alliance/").content.decode()
    assert "Kenya" in page
    assert "Fiji" not in page


@pytest.fixture
def members(reference_data):
    """Kenya joined long ago (milestones overdue, one done), Fiji recently (none due yet)."""
    today = timezone.localdate()
    kenya = MembershipFactory(
        member_state=state("KEN"), joined_on=today - relativedelta(months=20), national_plan_status="adopted"
    )
    AllianceMilestone.objects.create(membership=kenya, code="data_collected", done_on=today)
    AllianceMilestone.objects.create(membership=kenya, code="children_consulted", done_on=None)
    fiji = MembershipFactory(
        member_state=state("FJI"),
        joined_on=today - relativedelta(months=2),
        national_plan_status="in_preparation",
    )
    return {"KEN": kenya, "FJI": fiji}


def body_of(page: str) -> str:
    return page[page.index("<tbody") : page.index("</tbody>")]


def test_filters_by_region_national_plan_and_overdue_milestones(web, viewer, members):
    client = web(viewer)
    africa = MemberState.objects.get(iso3="KEN").region.m49

    def listed(query: str) -> set[str]:
        body = body_of(client.get(f"/alliance/?{query}").content.decode())
        return {name for name in ("Kenya", "Fiji") if name in body}

    assert listed("") == {"Kenya", "Fiji"}
    assert listed(f"region={africa}") == {"Kenya"}
    assert listed("national_plan_status=in_preparation") == {"Fiji"}
    assert listed("overdue=on") == {"Kenya"}


def test_the_sql_counts_agree_with_the_milestones_shown_on_the_state_page(web, viewer, members):
    today = timezone.localdate()
    expected = {
        iso3: sum(1 for milestone in milestones_for_display(membership, today) if milestone["overdue"])
        for iso3, membership in members.items()
    }
    assert expected == {"KEN": 4, "FJI": 0}
    rows = csv_rows(web(viewer).get("/alliance/?_export=csv"))
    overdue = {row[0]: row[rows[0].index("Milestones overdue")] for row in rows[1:]}
    assert overdue == {"Kenya": "4", "Fiji": "0"}


def test_the_footer_totals_milestones_and_plans_adopted(web, viewer, members):
    page = web(viewer).get("/alliance/").content.decode()
    footer = page[page.index("<tfoot") : page.index("</tfoot>")]
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", footer, re.S)
    ]
    assert cells[0] == "Total"
    assert "1 adopted" in cells
    assert cells[-2:] == ["1", "4"]  # milestones done, milestones overdue


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


def test_the_csv_holds_the_filtered_rows(web, staff, members):
    response = web(staff).get("/alliance/?overdue=on&_export=csv")
    assert 'filename="alliance-members.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == [
        "Member State",
        "Region",
        "Joined on",
        "Status",
        "National plan",
        "Milestones done",
        "Milestones overdue",
    ]
    assert [row[0] for row in rows[1:]] == ["Kenya"]
    assert rows[1][5:] == ["1", "4"]


def test_columns_sort(web, viewer, members):
    page = web(viewer).get("/alliance/?sort=-milestones_overdue").content.decode()
    body = body_of(page)
    assert body.index("Kenya") < body.index("Fiji")
    assert 'aria-sort="descending"' in page
    page = web(viewer).get("/alliance/?sort=milestones_overdue").content.decode()
    body = body_of(page)
    assert body.index("Fiji") < body.index("Kenya")


def queries_for(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/alliance/").status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_query_count_is_the_same_for_1_and_20_members(web, staff):
    client = web(staff)
    states = list(MemberState.objects.order_by("iso3")[:20])
    first = MembershipFactory(member_state=states[0])
    AllianceMilestone.objects.create(membership=first, code="data_collected", done_on=dt.date(2025, 1, 1))
    queries_for(client)  # warm the session and caches
    one = queries_for(client)
    for member_state in states[1:]:
        membership = MembershipFactory(member_state=member_state)
        AllianceMilestone.objects.create(
            membership=membership, code="data_collected", done_on=dt.date(2025, 1, 1)
        )
    assert queries_for(client) == one
