"""/public/pledges/<id>/: one public pledge for anyone, its public timeline, and nothing internal.

Also the list /public/pledges/ linking to it, and the staff switch that opens a report's narrative
to the public (POST /pledges/<pk>/reports/<report_id>/publication/).
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils.http import parse_http_date

from pledges.choices import PledgeStatus, Verdict, Visibility
from pledges.models import EvidenceFile, ReportPublication
from pledges.services import pledge_publish, pledge_update, report_narrative_publish, report_verify
from tests.factories import (
    FocalPointFactory,
    PledgeFactory,
    ProgressReportFactory,
    StaffFactory,
    state,
)

pytestmark = pytest.mark.django_db

NARRATIVE = "Cabinet approved the costed plan on 3 March."
EVIDENCE_URL = "https://example.org/kenya-costed-plan.pdf"
VERDICT_NOTE = "Checked against the gazette notice."
# Each UN language, its direction, and Kenya's name in it (CLDR): the public pages' languages.
KENYA_IN_SIX_LANGUAGES = [
    ("en", "ltr", "Kenya"),
    ("fr", "ltr", "Kenya"),
    ("es", "ltr", "Kenia"),
    ("ar", "rtl", "كينيا"),
    ("zh-hans", "ltr", "肯尼亚"),
    ("ru", "ltr", "Кения"),
]


def url(pledge_or_pk) -> str:
    return f"/public/pledges/{getattr(pledge_or_pk, 'pk', pledge_or_pk)}/"


@pytest.fixture
def office(reference_data):
    """Staff and the Kenyan focal point with names that must never reach a public page."""
    return {
        "staff": StaffFactory(username="ofelia", first_name="Ofelia", last_name="Staffordshire"),
        "focal": FocalPointFactory(
            username="wanjiru", first_name="Wanjiru", last_name="Kipchumba", member_state=state("KEN")
        ),
    }


@pytest.fixture
def pledge(office):
    pledge = PledgeFactory(
        member_state=state("KEN"),
        title="Costed national action plan",
        description="Adopt and fund the plan.",
        sdg_targets=["16.2", "5.3"],
        responsible_staff=office["staff"],
        indicator="Secret internal indicator",
        responsible_body="Internal responsible ministry desk",
    )
    return pledge


@pytest.fixture
def report(pledge, office):
    report = ProgressReportFactory(
        pledge=pledge, author=office["focal"], progress=40, narrative=NARRATIVE, evidence_url=EVIDENCE_URL
    )
    EvidenceFile.objects.create(
        report=report,
        file="evidence/2025/03/stored-name.pdf",
        name="cabinet-minutes-confidential.pdf",
        size=2048,
        content_type="application/pdf",
        sha256="0" * 64,
    )
    return report


def body(response) -> str:
    return response.content.decode()


# --- What anyone reads ---------------------------------------------------------------------------


def test_anyone_reads_a_public_pledge_with_its_state_area_sdg_targets_and_links(web, pledge):
    response = web().get(url(pledge))
    assert response.status_code == 200
    page = body(response)
    assert "Costed national action plan" in page
    assert 'href="/public/states/KEN/"' in page
    assert "Policy and plans" in page
    assert "Bogota conference 2024" in page
    assert "5.3" in page
    assert page.index("5.3") < page.index("16.2")  # SDG targets in code order
    assert "31 December 2027" in page  # the target date, month by name
    assert f'href="/api/v1/public/pledges/{pledge.pk}/"' in page
    assert 'href="/public/pledges/"' in page
    assert 'href="/public/data/"' in page


def test_the_timeline_shows_each_report_date_status_progress_and_verdict(web, pledge, report, office):
    ProgressReportFactory(pledge=pledge, author=office["focal"], status=PledgeStatus.OFF_TRACK, progress=45)
    report_verify(report=report, by=office["staff"], verdict=Verdict.VERIFIED, note=VERDICT_NOTE)
    page = body(web().get(url(pledge)))
    timeline = page[page.index('id="timeline"') :]
    assert timeline.count('<tr id="report-') == 2
    assert "Off track" in timeline
    assert "45 %" in timeline
    assert "40 %" in timeline
    assert "Verified" in timeline
    assert "Not verified yet" in timeline
    # The pledge's verified progress and when, from the stored verification.
    assert "verified on" in page


def test_stale_or_not_follows_the_missed_report_cycles(web, pledge):
    # Due 8 May 2025 every 180 days: on time before, stale after two missed cycles.
    with time_machine.travel(dt.datetime(2025, 5, 1, 12, tzinfo=dt.UTC), tick=False):
        on_time = body(web().get(url(pledge)))
    with time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        late = body(web().get(url(pledge)))
    with time_machine.travel(dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC), tick=False):
        stale = body(web().get(url(pledge)))
    assert "Reports are up to date." in on_time
    assert "Stale" not in on_time
    assert "A report is overdue: 1 cycle missed." in late
    assert "Stale" not in late
    assert "Stale: 2 cycles missed" in stale


# --- Internal is missing -------------------------------------------------------------------------


def test_an_internal_pledge_is_a_404_identical_to_a_missing_one(web, pledge):
    internal = PledgeFactory(member_state=state("KEN"), title="Draft pledge", visibility=Visibility.INTERNAL)
    missing_pk = internal.pk + 1000
    hidden, missing = web().get(url(internal)), web().get(url(missing_pk))
    assert hidden.status_code == missing.status_code == 404
    # The 404 page names the path asked for, and nothing else differs.
    assert body(hidden).replace(url(internal), "<path>") == body(missing).replace(url(missing_pk), "<path>")
    assert "Draft pledge" not in body(hidden)
    assert {name for name in hidden.headers} == {name for name in missing.headers}


def test_a_pledge_taken_back_to_internal_is_a_404_at_once(web, pledge, office):
    assert web().get(url(pledge)).status_code == 200
    pledge_publish(pledge=pledge, by=office["staff"], visibility=Visibility.INTERNAL)
    assert web().get(url(pledge)).status_code == 404


def test_a_path_that_is_not_a_number_is_not_found(web, reference_data):
    assert web().get("/public/pledges/abc/").status_code == 404
    assert web().get("/public/pledges/99999999999999999999/").status_code == 404


# --- Narratives only when staff made them public ------------------------------------------------


def test_a_narrative_is_hidden_until_staff_make_it_public_and_again_after(web, pledge, report, office):
    def shown() -> bool:
        page = body(web().get(url(pledge)))
        assert (NARRATIVE in page) == (EVIDENCE_URL in page)
        return NARRATIVE in page

    assert not shown()
    assert "The narrative of this report is not public." in body(web().get(url(pledge)))
    report_narrative_publish(report=report, by=office["staff"], public=True)
    assert shown()
    report_narrative_publish(report=report, by=office["staff"], public=False)
    assert not shown()


def test_one_published_narrative_opens_no_other(web, pledge, report, office):
    other = ProgressReportFactory(pledge=pledge, author=office["focal"], narrative="Second words, private.")
    report_narrative_publish(report=report, by=office["staff"], public=True)
    page = body(web().get(url(pledge)))
    assert NARRATIVE in page
    assert other.narrative not in page


def test_no_staff_or_focal_point_name_note_internal_field_or_evidence_file(web, pledge, report, office):
    report_verify(report=report, by=office["staff"], verdict=Verdict.VERIFIED, note=VERDICT_NOTE)
    report_narrative_publish(report=report, by=office["staff"], public=True)
    page = body(web().get(url(pledge)))
    assert NARRATIVE in page  # published, so the page does show the report's words
    for secret in (
        "Ofelia",
        "Staffordshire",
        "ofelia",
        "Wanjiru",
        "Kipchumba",
        "wanjiru",
        VERDICT_NOTE,
        "Secret internal indicator",
        "Internal responsible ministry desk",
        "cabinet-minutes-confidential.pdf",
        "stored-name.pdf",
        "/evidence/",
    ):
        assert secret not in page, secret


# --- Caching -----------------------------------------------------------------------------------


def test_the_page_carries_an_etag_and_answers_304_to_it(web, pledge):
    first = web().get(url(pledge))
    assert first["ETag"]
    assert parse_http_date(first["Last-Modified"])
    assert set(first["Cache-Control"].replace(" ", "").split(",")) == {"public", "max-age=300"}
    again = web().get(url(pledge), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_a_change_to_the_pledge_changes_the_etag(web, pledge, office):
    before = web().get(url(pledge))["ETag"]
    pledge_update(pledge=pledge, by=office["staff"], changes={"title": "Costed and funded plan"})
    after = web().get(url(pledge), HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before
    assert "Costed and funded plan" in body(after)


def test_publishing_a_narrative_changes_the_etag(web, pledge, report, office):
    before = web().get(url(pledge))["ETag"]
    report_narrative_publish(report=report, by=office["staff"], public=True)
    after = web().get(url(pledge), HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert NARRATIVE in body(after)


def test_a_signed_in_visitor_gets_a_private_answer(web, pledge, office):
    response = web(office["staff"]).get(url(pledge))
    assert response.status_code == 200
    cache_control = set(response["Cache-Control"].replace(" ", "").split(","))
    assert "private" in cache_control
    assert "public" not in cache_control
    assert "Cookie" in response["Vary"]


# --- Languages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "direction", "name"), KENYA_IN_SIX_LANGUAGES)
def test_the_page_speaks_six_languages(web, pledge, language, direction, name):
    response = web().get(url(pledge), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    page = body(response)
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert name in page  # the State's name in that language (CLDR)


def test_each_language_has_its_own_etag(web, pledge):
    english = web().get(url(pledge), HTTP_ACCEPT_LANGUAGE="en")["ETag"]
    arabic = web().get(url(pledge), HTTP_ACCEPT_LANGUAGE="ar")
    assert arabic["ETag"] != english
    assert web().get(url(pledge), HTTP_ACCEPT_LANGUAGE="ar", HTTP_IF_NONE_MATCH=english).status_code == 200


# --- Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("reports", [1, 25])
def test_the_page_costs_the_same_whatever_the_number_of_reports(
    web, pledge, office, django_assert_num_queries, reports
):
    for index in range(reports):
        report = ProgressReportFactory(pledge=pledge, author=office["focal"], progress=index)
        if index % 2:
            report_narrative_publish(report=report, by=office["staff"], public=True)
            report_verify(report=report, by=office["staff"], verdict=Verdict.VERIFIED)
    client = web()
    # The public data's state (7: pledges, reports, verdicts, publications, endorsements,
    # memberships, milestones), the pledge, its SDG targets, its timeline.
    with django_assert_num_queries(10):
        assert client.get(url(pledge)).status_code == 200


def test_a_304_reads_no_row_beyond_the_data_state(web, pledge, report, django_assert_num_queries):
    client = web()
    etag = client.get(url(pledge))["ETag"]
    with django_assert_num_queries(7):
        assert client.get(url(pledge), HTTP_IF_NONE_MATCH=etag).status_code == 304


# --- The public list links here ----------------------------------------------------------------


def test_the_public_list_links_each_title_and_state_and_is_cached(web, pledge):
    PledgeFactory(member_state=state("FJI"), title="Fiji helpline")
    response = web().get("/public/pledges/")
    page = body(response)
    assert f'href="/public/pledges/{pledge.pk}/">Costed national action plan</a>' in page
    assert 'href="/public/states/KEN/"' in page
    assert 'href="/public/states/FJI/"' in page
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"public", "max-age=300"}
    assert web().get("/public/pledges/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


@pytest.mark.parametrize("count", [1, 40])
def test_the_public_list_costs_the_same_whatever_the_number_of_pledges(
    web, reference_data, django_assert_num_queries, count
):
    PledgeFactory.create_batch(count)
    client = web()
    with django_assert_num_queries(11):  # the data's state (7), count, page, two savepoints
        assert client.get("/public/pledges/").status_code == 200


# --- The staff switch: POST /pledges/<pk>/reports/<report_id>/publication/ ----------------------


def publication_url(report) -> str:
    return f"/pledges/{report.pledge_id}/reports/{report.pk}/publication/"


def test_staff_show_a_narrative_publicly_and_hide_it_again(web, pledge, report, office):
    staff = web(office["staff"])
    response = staff.post(publication_url(report), {"narrative_public": "on"})
    assert response.status_code == 302
    assert response["Location"] == f"/pledges/{pledge.pk}/#report-{report.pk}"
    assert NARRATIVE in body(web().get(url(pledge)))
    assert staff.post(publication_url(report), {}).status_code == 302
    assert NARRATIVE not in body(web().get(url(pledge)))
    assert ReportPublication.objects.get(report=report).narrative_public is False


def test_the_publication_history_records_who_and_when(web, pledge, report, office):
    staff = web(office["staff"])
    second = StaffFactory(username="bruno")
    moments = []
    for by, data in ((staff, {"narrative_public": "on"}), (web(second), {})):
        moment = dt.datetime(2025, 3, 4 + len(moments), 9, tzinfo=dt.UTC)
        with time_machine.travel(moment, tick=False):
            assert by.post(publication_url(report), data).status_code == 302
        moments.append(moment)
    history = list(ReportPublication.history.filter(report_id=report.pk).order_by("history_date"))
    assert [(row.narrative_public, row.history_user, row.history_date) for row in history] == [
        (True, office["staff"], moments[0]),
        (False, second, moments[1]),
    ]


def test_posting_the_same_choice_again_records_nothing(web, report, office):
    staff = web(office["staff"])
    staff.post(publication_url(report), {"narrative_public": "on"})
    staff.post(publication_url(report), {"narrative_public": "on"})
    assert ReportPublication.history.filter(report_id=report.pk).count() == 1


@pytest.mark.parametrize("role", ["viewer", "focal_ken"])
def test_viewers_and_focal_points_may_not_publish_a_narrative(request, web, pledge, report, role):
    user = request.getfixturevalue(role)
    response = web(user).post(publication_url(report), {"narrative_public": "on"})
    assert response.status_code == 403
    assert not ReportPublication.objects.exists()
    assert NARRATIVE not in body(web().get(url(pledge)))


def test_anonymous_is_sent_to_sign_in_and_nothing_is_written(web, report):
    response = web().post(publication_url(report), {"narrative_public": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not ReportPublication.objects.exists()


def test_a_get_is_405(web, report, office):
    assert web(office["staff"]).get(publication_url(report)).status_code == 405
    assert not ReportPublication.objects.exists()


def test_a_report_of_another_pledge_is_404(web, report, office):
    other = PledgeFactory(member_state=state("FJI"))
    response = web(office["staff"]).post(
        f"/pledges/{other.pk}/reports/{report.pk}/publication/", {"narrative_public": "on"}
    )
    assert response.status_code == 404
    assert not ReportPublication.objects.exists()
