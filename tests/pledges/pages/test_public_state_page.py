"""/public/states/<iso3>/: a State's public record for anyone: its Call-to-Action endorsement, its
Alliance membership and milestones, its public pledges; never an internal pledge or a name."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils.http import parse_http_date

from pledges.choices import MembershipStatus, Milestone, NationalPlanStatus, PledgeStatus, Visibility
from pledges.models import AllianceMilestone
from pledges.services import endorsement_update, membership_milestone_tick, pledge_update
from tests.factories import EndorsementFactory, MembershipFactory, PledgeFactory, StaffFactory, state
from tests.pledges.pages.test_public_pledge_page import KENYA_IN_SIX_LANGUAGES

pytestmark = pytest.mark.django_db

KENYA = "/public/states/KEN/"
SIGNATORY = "Hon. Florence Signatory-Name"
FOCAL_POINT = "Dr Jomo Focalpoint"
NOTES = "Internal: the ministry asked for a quiet launch."


@pytest.fixture
def kenya(reference_data):
    """Kenya endorsed, joined the Alliance (milestones due 8 May 2026), one milestone done, two
    public pledges and an internal one."""
    EndorsementFactory(member_state=state("KEN"), endorsed_on=dt.date(2024, 11, 8), signatory=SIGNATORY)
    membership = MembershipFactory(
        member_state=state("KEN"),
        joined_on=dt.date(2024, 11, 8),
        status=MembershipStatus.ACTIVE,
        national_plan_status=NationalPlanStatus.IN_PREPARATION,
        focal_point=FOCAL_POINT,
        notes=NOTES,
    )
    AllianceMilestone.objects.create(
        membership=membership, code=Milestone.FOCAL_POINT_APPOINTED, done_on=dt.date(2025, 1, 15)
    )
    return {
        "membership": membership,
        "public": [
            PledgeFactory(member_state=state("KEN"), title="Costed national action plan"),
            PledgeFactory(
                member_state=state("KEN"),
                title="Child helpline in every county",
                status=PledgeStatus.ACHIEVED,
                progress=100,
                made_on=dt.date(2024, 11, 7),
            ),
        ],
        "internal": PledgeFactory(
            member_state=state("KEN"), title="Draft budget line", visibility=Visibility.INTERNAL
        ),
    }


def body(response) -> str:
    return response.content.decode()


def test_anyone_reads_a_states_endorsement_membership_and_public_pledges(web, kenya):
    response = web().get(KENYA)
    assert response.status_code == 200
    page = body(response)
    assert "<h1>Kenya</h1>" in page
    assert "Africa" in page
    assert "Sub-Saharan Africa" in page
    assert "Endorsed on" in page
    assert "8 November 2024" in page
    assert "Ministerial" in page
    assert "Active" in page
    assert "In preparation" in page
    for pledge in kenya["public"]:
        assert f'<a href="/public/pledges/{pledge.pk}/">{pledge.title}</a>' in page
    assert "Achieved" in page
    assert "100 %" in page
    assert 'href="/public/pledges/?member_state=KEN"' in page


def test_the_five_milestones_fall_due_18_months_after_joining(web, kenya):
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        page = body(web().get(KENYA))
    table = page[page.index('<table class="milestones">') : page.index("</table>")]
    assert table.count("<tr data-milestone=") == len(Milestone)
    assert table.count("8 May 2026") == len(Milestone)
    assert "15 January 2025" in table  # the one done
    assert table.count("Overdue") == len(Milestone) - 1
    for milestone in Milestone:
        assert str(milestone.label) in table


def test_milestones_not_yet_due_are_not_overdue(web, kenya):
    with time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        page = body(web().get(KENYA))
    assert "Overdue" not in page


def test_an_internal_pledge_is_absent_though_staff_see_it(web, staff, kenya):
    public_page = web().get(KENYA)
    staff_page = web(staff).get("/states/KEN/")
    assert len(staff_page.context["pledges"]) == 3  # the staff count includes the internal pledge
    assert len(public_page.context["pledges"]) == 2
    assert body(public_page).count('class="pledge-title"><span><a href="/public/pledges/') == 2
    assert "Draft budget line" not in body(public_page)
    assert f"/public/pledges/{kenya['internal'].pk}/" not in body(public_page)


def test_a_state_with_only_internal_pledges_reads_as_one_without_pledges(web, reference_data):
    """Fiji (an internal pledge) and Vanuatu (nothing) are both Melanesian: their pages differ by
    name and code alone, so nothing tells that Fiji has a pledge at all."""
    PledgeFactory(member_state=state("FJI"), title="Fiji draft", visibility=Visibility.INTERNAL)

    def page_of(iso3: str, name: str) -> str:
        page = body(web().get(f"/public/states/{iso3}/"))
        return page.replace(name, "<state>").replace(iso3, "<iso3>")

    with_internal = page_of("FJI", "Fiji")
    assert "has no public commitments yet" in with_internal
    assert "Fiji draft" not in with_internal
    assert with_internal == page_of("VUT", "Vanuatu")


def test_no_signatory_focal_point_notes_or_staff_name(web, kenya):
    StaffFactory(username="ofelia", first_name="Ofelia", last_name="Staffordshire")
    pledge_update(pledge=kenya["public"][0], by=StaffFactory(username="ofelia"), changes={"title": "Plan"})
    page = body(web().get(KENYA))
    for secret in (SIGNATORY, FOCAL_POINT, NOTES, "Ofelia", "Staffordshire", "ofelia"):
        assert secret not in page, secret


def test_a_state_with_no_public_record_still_shows_its_name(web, reference_data):
    response = web().get("/public/states/TON/")
    assert response.status_code == 200
    page = body(response)
    assert "<h1>Tonga</h1>" in page
    assert "Tonga has no public commitments yet" in page
    assert "<table" not in page


def test_a_state_with_only_an_endorsement_says_what_it_lacks(web, reference_data):
    EndorsementFactory(member_state=state("FJI"))
    page = body(web().get("/public/states/FJI/"))
    assert "Endorsed on" in page
    assert "Not a member." in page
    assert "No public pledge yet." in page
    assert "no public commitments yet" not in page


@pytest.mark.parametrize("path", ["/public/states/XXX/", "/public/states/KE/", "/public/states/KENY/"])
def test_an_unknown_code_is_404(web, reference_data, path):
    assert web().get(path).status_code == 404


def test_the_code_may_be_typed_in_lower_case(web, kenya):
    assert web().get("/public/states/ken/").status_code == 200


# --- Caching -----------------------------------------------------------------------------------


def test_the_page_carries_an_etag_and_answers_304_to_it(web, kenya):
    first = web().get(KENYA)
    assert parse_http_date(first["Last-Modified"])
    assert set(first["Cache-Control"].replace(" ", "").split(",")) == {"public", "max-age=300"}
    again = web().get(KENYA, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def changes_the_etag(web, change) -> bool:
    before = web().get(KENYA)["ETag"]
    change()
    after = web().get(KENYA, HTTP_IF_NONE_MATCH=before)
    return after.status_code == 200 and after["ETag"] != before


def test_every_change_to_the_record_changes_the_etag(web, staff, kenya):
    membership = kenya["membership"]
    endorsement = membership.member_state.cta_endorsement
    assert changes_the_etag(
        web, lambda: pledge_update(pledge=kenya["public"][0], by=staff, changes={"title": "Plan"})
    )
    assert changes_the_etag(
        web,
        lambda: endorsement_update(
            endorsement=endorsement, data={"signatory_level": "head_of_state"}, by=staff
        ),
    )
    assert changes_the_etag(
        web,
        lambda: membership_milestone_tick(
            membership=membership, code=Milestone.DATA_COLLECTED, done_on=dt.date(2025, 2, 1), by=staff
        ),
    )
    assert "1 February 2025" in body(web().get(KENYA))


def test_a_signed_in_visitor_gets_a_private_answer(web, viewer, kenya):
    response = web(viewer).get(KENYA)
    assert response.status_code == 200
    cache_control = set(response["Cache-Control"].replace(" ", "").split(","))
    assert "private" in cache_control
    assert "public" not in cache_control


# --- Languages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "direction", "name"), KENYA_IN_SIX_LANGUAGES)
def test_the_page_speaks_six_languages(web, kenya, language, direction, name):
    response = web().get(KENYA, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    page = body(response)
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert f"<h1>{name}</h1>" in page


# --- Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("extra_pledges", [0, 30])
def test_the_page_costs_the_same_whatever_the_number_of_pledges(
    web, kenya, django_assert_num_queries, extra_pledges
):
    PledgeFactory.create_batch(extra_pledges, member_state=state("KEN"))
    client = web()
    # The public data's state (7), the State, its endorsement, its membership, its milestones,
    # its pledges.
    with django_assert_num_queries(12):
        assert client.get(KENYA).status_code == 200


def test_a_state_with_no_membership_reads_no_milestone(web, reference_data, django_assert_num_queries):
    client = web()
    with django_assert_num_queries(11):
        assert client.get("/public/states/TON/").status_code == 200
