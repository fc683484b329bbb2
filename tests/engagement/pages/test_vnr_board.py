"""The VNR board: staff tick stages in place, viewers read; filters, sorting, totals, downloads."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.models import MemberState, Organization
from tests.factories import VnrFactory, state


@pytest.fixture
def engagement(reference_data):
    return VnrFactory(hlpf_year=2024)


@pytest.fixture
def board(reference_data):
    """Kenya (Africa) reached outreach and a meeting, Fiji (Oceania) outreach only, the EU nothing."""
    return {
        "KEN": VnrFactory(hlpf_year=2024, member_state=state("KEN"), outreach_sent=True, meeting_held=True),
        "FJI": VnrFactory(hlpf_year=2024, member_state=state("FJI"), outreach_sent=True),
        "org": VnrFactory(
            hlpf_year=2024, member_state=None, organization=Organization.objects.get(name="European Union")
        ),
        "other year": VnrFactory(hlpf_year=2023, member_state=state("THA"), outreach_sent=True),
    }


def test_staff_ticks_a_stage_in_place(web, staff, engagement):
    url = f"/vnr/engagements/{engagement.pk}/meeting_held/"
    response = web(staff).post(url, {"done": "1"}, headers={"HX-Request": "true"})
    engagement.refresh_from_db()
    assert engagement.meeting_held
    assert f'id="vnr-{engagement.pk}-meeting_held"' in response.content.decode()
    assert 'aria-pressed="true"' in response.content.decode()
    assert 'aria-label="Meeting held for Kenya"' in response.content.decode()


def test_viewer_sees_no_tick_or_remove_controls_and_a_forged_tick_is_refused(web, viewer, engagement):
    page = web(viewer).get("/vnr/2024/").content.decode()
    main = page.split("<main")[1]
    assert "Kenya" in main
    assert "aria-pressed" not in main
    assert "/remove/" not in main
    assert 'name="codes"' not in main
    response = web(viewer).post(f"/vnr/engagements/{engagement.pk}/meeting_held/", {"done": "1"})
    assert response.status_code == 403
    engagement.refresh_from_db()
    assert not engagement.meeting_held


def test_unknown_stage_is_404(web, staff, engagement):
    response = web(staff).post(f"/vnr/engagements/{engagement.pk}/notes/", {"done": "1"})
    assert response.status_code == 404


def footer_of(page: str) -> list[str]:
    footer = page[page.index("<tfoot") : page.index("</tfoot>")]
    return [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", footer, re.S)]


def test_the_footer_counts_each_stage_among_the_years_presenters(web, viewer, board):
    cells = footer_of(web(viewer).get("/vnr/2024/").content.decode())
    # Presenter, region, then the six stages in board order.
    assert cells[0] == "Total"
    assert cells[2:] == ["2", "0", "1", "0", "0", "0"]


def test_filters_by_region_stage_reached_stage_not_reached_and_search(web, viewer, board):
    client = web(viewer)
    africa = MemberState.objects.get(iso3="KEN").region.m49

    def presenters(query: str) -> set[str]:
        page = client.get(f"/vnr/2024/?{query}").content.decode()
        body = page[page.index("<tbody") : page.index("</tbody>")]
        return {name for name in ("Kenya", "Fiji", "European Union", "Thailand") if name in body}

    assert presenters("") == {"Kenya", "Fiji", "European Union"}
    assert presenters(f"region={africa}") == {"Kenya"}
    assert presenters("reached=outreach_sent") == {"Kenya", "Fiji"}
    assert presenters("reached=outreach_sent&not_reached=meeting_held") == {"Fiji"}
    assert presenters("not_reached=outreach_sent") == {"European Union"}
    assert presenters("q=euro") == {"European Union"}
    assert presenters("q=fji") == {"Fiji"}
    filtered = client.get("/vnr/2024/?reached=outreach_sent&not_reached=meeting_held").content.decode()
    assert footer_of(filtered)[2:4] == ["1", "0"]


def test_columns_sort_and_say_so(web, viewer, board):
    page = web(viewer).get("/vnr/2024/?sort=-presenter_name").content.decode()
    assert page.index("Kenya") < page.index("Fiji") < page.index("European Union")
    assert 'aria-sort="descending"' in page
    by_meeting = web(viewer).get("/vnr/2024/?sort=-meeting_held").content.decode()
    body = by_meeting[by_meeting.index("<tbody") :]
    assert body.index("Kenya") < body.index("Fiji")


def test_the_csv_is_what_the_board_shows(web, staff, board):
    response = web(staff).get("/vnr/2024/?reached=outreach_sent&sort=presenter_name&_export=csv")
    assert response.status_code == 200
    assert 'filename="vnr-2024.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert rows[0][:3] == ["Presenter", "Region", "Outreach sent"]
    assert "Remove" not in rows[0]
    assert [row[:3] for row in rows[1:]] == [["Fiji", "Oceania", "yes"], ["Kenya", "Africa", "yes"]]
    assert rows[2][4] == "yes"  # Kenya held a meeting
    assert rows[1][4] == "no"


def test_the_xlsx_is_a_workbook_of_the_same_rows(web, viewer, board):
    response = web(viewer).get("/vnr/2024/?_export=xlsx")
    assert response.status_code == 200
    values = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert [row[0] for row in values[1:]] == ["European Union", "Fiji", "Kenya"]


def queries_for(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/vnr/2024/").status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_board(web, staff, reference_data):
    client = web(staff)
    states = list(MemberState.objects.order_by("iso3")[:20])
    VnrFactory(hlpf_year=2024, member_state=states[0])
    queries_for(client)
    one = queries_for(client)
    for member_state in states[1:]:
        VnrFactory(hlpf_year=2024, member_state=member_state, meeting_held=True)
    assert queries_for(client) == one
