"""Every free-text field has a maximum length (at most 50,000); longer text is a 400, nothing stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from engagement.validators import FREE_TEXT_MAX_LENGTH
from meetings.models import FollowUpAction, Meeting
from pledges.models import AllianceMembership, CtaEndorsement, Pledge, ProgressReport
from tests.bad_input.bodies import follow_up_body, meeting_body, pledge_body, visit_body
from tests.factories import PledgeFactory
from visits.models import CountryVisit

pytestmark = pytest.mark.django_db


def test_a_two_million_character_meeting_summary_is_refused_and_nothing_stored(api, staff):
    response = api(staff).post("/api/v1/meetings/", meeting_body(summary="x" * 2_000_000), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["summary"]
    assert not Meeting.objects.exists()


def project_text_fields() -> list:
    """Every concrete CharField and TextField of the project's own apps (historical tables too)."""
    base = Path(settings.BASE_DIR).resolve()
    own = [
        config
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base) and ".venv" not in Path(config.path).parts
    ]
    return [
        pytest.param(field, id=f"{field.model._meta.label}.{field.name}")
        for config in own
        for model in config.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    ]


# Written by the program, never typed by a person: the error an SMTP server answered.
NOT_FREE_TEXT: set[str] = set()


@pytest.mark.parametrize("field", project_text_fields())
def test_every_text_field_has_a_maximum_length_of_at_most_50000(field):
    if f"{field.model._meta.label}.{field.name}" in NOT_FREE_TEXT:
        pytest.skip("not free text: written by the program")
    assert field.max_length is not None
    assert field.max_length <= FREE_TEXT_MAX_LENGTH


def test_the_walk_finds_the_free_text_fields():
    names = {param.id for param in project_text_fields()}
    assert {
        "meetings.Meeting.summary",
        "pledges.ProgressReport.narrative",
        "visits.CountryVisit.objectives",
    } <= names


def report_url(cast) -> str:
    return f"/api/v1/pledges/{PledgeFactory().pk}/reports/"


# (endpoint, field) → (the model, whose field sets the limit and whose rows must not change,
# and the URL with a valid body for staff)
TEXT_FIELDS = {
    ("meetings", "title"): (Meeting, lambda cast: ("/api/v1/meetings/", meeting_body())),
    ("meetings", "summary"): (Meeting, lambda cast: ("/api/v1/meetings/", meeting_body())),
    ("meetings", "notes"): (Meeting, lambda cast: ("/api/v1/meetings/", meeting_body())),
    ("follow-ups", "notes"): (FollowUpAction, lambda cast: ("/api/v1/follow-ups/", follow_up_body(cast))),
    ("visits", "objectives"): (CountryVisit, lambda cast: ("/api/v1/visits/", visit_body())),
    ("visits", "summary"): (CountryVisit, lambda cast: ("/api/v1/visits/", visit_body())),
    ("pledges", "title"): (Pledge, lambda cast: ("/api/v1/pledges/", pledge_body())),
    ("pledges", "description"): (Pledge, lambda cast: ("/api/v1/pledges/", pledge_body())),
    ("pledges", "indicator"): (Pledge, lambda cast: ("/api/v1/pledges/", pledge_body())),
    ("reports", "narrative"): (
        ProgressReport,
        lambda cast: (report_url(cast), {"status": "in_progress", "progress": 10}),
    ),
    ("alliance-memberships", "notes"): (
        AllianceMembership,
        lambda cast: ("/api/v1/alliance-memberships/", {"member_state": "KEN", "joined_on": "2024-11-08"}),
    ),
    ("cta-endorsements", "signatory"): (
        CtaEndorsement,
        lambda cast: (
            "/api/v1/cta-endorsements/",
            {"member_state": "KEN", "endorsed_on": "2024-11-08", "signatory_level": "ministerial"},
        ),
    ),
}


@pytest.mark.parametrize(("endpoint", "field"), list(TEXT_FIELDS))
def test_text_one_character_beyond_its_fields_length_is_a_400(api, cast, endpoint, field):
    model, request_for = TEXT_FIELDS[endpoint, field]
    limit = model._meta.get_field(field).max_length
    url, body = request_for(cast)
    before = model.objects.count()

    response = api(cast["staff"]).post(url, {**body, field: "x" * (limit + 1)}, format="json")

    assert response.status_code == 400, response.content[:300]
    assert list(response.json()) == [field]
    assert model.objects.count() == before


def test_text_of_exactly_its_fields_length_is_stored(api, staff):
    limit = Meeting._meta.get_field("summary").max_length

    response = api(staff).post("/api/v1/meetings/", meeting_body(summary="x" * limit), format="json")

    assert response.status_code == 201
    assert len(Meeting.objects.get().summary) == limit


def test_a_verification_note_beyond_its_length_is_a_400(api, staff):
    pledge = PledgeFactory()
    report = ProgressReport.objects.create(
        pledge=pledge, status="in_progress", progress=10, narrative="Bill tabled.", author=staff
    )
    limit = report.verifications.model._meta.get_field("note").max_length

    response = api(staff).post(
        f"/api/v1/pledges/{pledge.pk}/reports/{report.pk}/verifications/",
        {"verification": "disputed", "note": "x" * (limit + 1)},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["note"]
    assert not report.verifications.exists()
