"""/endorsements/: the Call-to-Action endorsements, filtered and totalled, recorded and edited by staff."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.models import MemberState
from pledges.models import CtaEndorsement
from pledges.services import endorsement_create, endorsement_update
from tests.factories import EndorsementFactory, state
from tests.fixtures.pages import assert_sent_to_sign_in


@pytest.fixture
def endorsements(reference_data):
    return {
        "KEN": EndorsementFactory(
            member_state=state("KEN"), endorsed_on=dt.date(2024, 11, 8), signatory="Minister of Labour"
        ),
        "FJI": EndorsementFactory(
            member_state=state("FJI"), endorsed_on=dt.date(2025, 1, 20), signatory_level="head_of_state"
        ),
        "SWE": EndorsementFactory(member_state=state("SWE"), endorsed_on=dt.date(2024, 11, 7)),
    }


def states_listed(page: str) -> list[str]:
    body = page[page.index("<tbody") : page.index("</tbody>")]
    names = ("Kenya", "Fiji", "Sweden")
    return sorted((name for name in names if name in body), key=body.index)


# --- Reading ------------------------------------------------------------------------------------


def test_the_list_shows_state_date_level_and_signatory(web, viewer, endorsements):
    page = web(viewer).get("/endorsements/").content.decode()
    assert states_listed(page) == ["Sweden", "Kenya", "Fiji"]  # by date endorsed
    assert "Minister of Labour" in page
    assert "Head of State or Government" in page
    assert "/edit/" not in page.split("<main")[1]  # a viewer reads, never edits


def test_the_footer_counts_the_states_and_each_signatory_level(web, viewer, endorsements):
    page = web(viewer).get("/endorsements/").content.decode()
    footer = page[page.index("<tfoot") : page.index("</tfoot>")]
    cells = [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", footer, re.S)]
    assert cells[0] == "Total"
    assert "3" in cells
    assert "Head of State or Government: 1; Ministerial: 2" in cells


def test_filters_by_region_level_and_year(web, viewer, endorsements):
    client = web(viewer)
    africa = MemberState.objects.get(iso3="KEN").region.m49
    assert states_listed(client.get(f"/endorsements/?region={africa}").content.decode()) == ["Kenya"]
    level = client.get("/endorsements/?signatory_level=head_of_state").content.decode()
    assert states_listed(level) == ["Fiji"]
    assert states_listed(client.get("/endorsements/?year=2024").content.decode()) == ["Sweden", "Kenya"]
    page = client.get("/endorsements/").content.decode()
    assert '<option value="2025">2025</option>' in page


def test_a_focal_point_reads_only_its_own_states_endorsement(web, focal_ken, endorsements):
    response = web(focal_ken).get("/endorsements/")
    assert response.status_code == 200
    assert states_listed(response.content.decode()) == ["Kenya"]
    rows = csv_rows(web(focal_ken).get("/endorsements/?_export=csv"))
    assert [row[0] for row in rows[1:]] == ["Kenya"]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


def test_the_csv_holds_the_filtered_rows_in_the_lists_order(web, staff, endorsements):
    response = web(staff).get("/endorsements/?year=2024&sort=-endorsed_on&_export=csv")
    assert 'filename="endorsements.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == ["Member State", "Region", "Endorsed on", "Signatory level", "Signatory"]
    assert [row[0] for row in rows[1:]] == ["Kenya", "Sweden"]
    assert rows[1][4] == "Minister of Labour"


def test_the_list_reads_in_a_fixed_number_of_queries(web, staff, reference_data):
    client = web(staff)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/endorsements/").status_code == 200
        return len(queries)

    states = list(MemberState.objects.order_by("iso3")[:20])
    EndorsementFactory(member_state=states[0])
    count()
    one = count()
    for member_state in states[1:]:
        EndorsementFactory(member_state=member_state)
    assert count() == one


# --- Recording and editing ----------------------------------------------------------------------


def new(client, **data):
    values = {"member_state": "KEN", "endorsed_on": "2024-11-08", "signatory_level": "ministerial"}
    return client.post("/endorsements/new/", {**values, **data})


def test_staff_records_an_endorsement(web, staff):
    response = new(web(staff), signatory="Minister of Gender")
    assert response.status_code == 302
    assert response["Location"] == "/endorsements/"
    endorsement = CtaEndorsement.objects.get()
    assert endorsement.member_state.iso3 == "KEN"
    assert endorsement.signatory == "Minister of Gender"
    assert endorsement.history.latest().history_user == staff


def test_a_second_endorsement_by_the_same_state_is_refused_with_a_clear_message(web, staff, endorsements):
    response = new(web(staff), member_state="KEN", endorsed_on="2025-02-01")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kenya already endorsed the Call to Action, on 8 November 2024" in page
    assert f'href="/endorsements/{endorsements["KEN"].pk}/edit/"' in page
    assert CtaEndorsement.objects.filter(member_state__iso3="KEN").count() == 1


def test_the_level_is_required_and_starts_empty(web, staff):
    form = web(staff).get("/endorsements/new/").content.decode()
    assert '<option value="" selected>—</option>' in form
    response = new(web(staff), signatory_level="")
    assert "This field is required." in response.content.decode()
    assert not CtaEndorsement.objects.exists()


def test_staff_edits_an_endorsement(web, staff, endorsements):
    endorsement = endorsements["KEN"]
    client = web(staff)
    form = client.get(f"/endorsements/{endorsement.pk}/edit/").content.decode()
    assert 'value="2024-11-08"' in form
    assert '<option value="KEN" selected>' in form
    data = {
        "member_state": "KEN",
        "endorsed_on": "2024-11-09",
        "signatory_level": "ambassador",
        "signatory": "",
    }
    response = client.post(f"/endorsements/{endorsement.pk}/edit/", data)
    assert response.status_code == 302
    endorsement.refresh_from_db()
    assert endorsement.endorsed_on == dt.date(2024, 11, 9)
    assert endorsement.signatory_level == "ambassador"
    assert endorsement.history.latest().history_user == staff


def test_moving_an_endorsement_onto_a_state_that_has_one_is_refused(web, staff, endorsements):
    endorsement = endorsements["KEN"]
    data = {"member_state": "FJI", "endorsed_on": "2024-11-08", "signatory_level": "ministerial"}
    page = web(staff).post(f"/endorsements/{endorsement.pk}/edit/", data).content.decode()
    assert "Fiji already endorsed the Call to Action" in page
    endorsement.refresh_from_db()
    assert endorsement.member_state.iso3 == "KEN"


# --- Who may do it ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["viewer", "focal_ken"])
def test_viewers_and_focal_points_are_refused_every_write(request, web, endorsements, role):
    client = web(request.getfixturevalue(role))
    edit = f"/endorsements/{endorsements['KEN'].pk}/edit/"
    assert client.get("/endorsements/new/").status_code == 403
    assert new(client, member_state="THA").status_code == 403
    assert client.get(edit).status_code == 403
    data = {"member_state": "KEN", "endorsed_on": "2020-01-01", "signatory_level": "ambassador"}
    assert client.post(edit, data).status_code == 403
    assert CtaEndorsement.objects.count() == 3
    assert CtaEndorsement.objects.get(member_state__iso3="KEN").endorsed_on == dt.date(2024, 11, 8)


@pytest.mark.parametrize("path", ["/endorsements/", "/endorsements/new/", "/endorsements/{pk}/edit/"])
def test_anonymous_callers_are_sent_to_sign_in(web, endorsements, path):
    assert_sent_to_sign_in(web, path.format(pk=endorsements["KEN"].pk))


def test_anonymous_post_writes_nothing(web, reference_data):
    new(web(), member_state="THA")
    assert not CtaEndorsement.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "focal_ken"])
def test_the_services_refuse_a_caller_who_is_not_staff(request, endorsements, role):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        endorsement_create(
            by=user, member_state=state("THA"), endorsed_on=dt.date(2025, 1, 1), signatory_level="ministerial"
        )
    with pytest.raises(PermissionDenied):
        endorsement_update(endorsement=endorsements["KEN"], data={"signatory": "x"}, by=user)
    assert CtaEndorsement.objects.count() == 3


def test_the_create_service_refuses_a_field_it_does_not_take(staff):
    with pytest.raises(ValidationError, match="cannot be set here"):
        endorsement_create(
            by=staff,
            member_state=state("THA"),
            endorsed_on=dt.date(2025, 1, 1),
            signatory_level="ministerial",
            id=99,
        )
