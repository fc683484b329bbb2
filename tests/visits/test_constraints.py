"""Database invariants of country visits: the database refuses the row, and nothing is written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import VisitFactory
from visits.models import CountryVisit

pytestmark = pytest.mark.django_db


def test_a_visit_ending_before_it_starts_is_refused(reference_data):
    before = CountryVisit.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitFactory(start_date=dt.date(2023, 5, 8), end_date=dt.date(2023, 5, 7))
    assert CountryVisit.objects.count() == before


def test_a_visit_ending_before_it_starts_gives_a_clear_message(reference_data):
    visit = VisitFactory.build(start_date=dt.date(2023, 5, 8), end_date=dt.date(2023, 5, 7))
    with pytest.raises(ValidationError, match="ends on or after the day it starts"):
        visit.full_clean()


def test_a_one_day_visit_is_accepted(reference_data):
    VisitFactory(start_date=dt.date(2023, 5, 8), end_date=dt.date(2023, 5, 8))
    assert CountryVisit.objects.count() == 1


def test_children_met_is_never_negative(reference_data):
    visit = VisitFactory(children_met=40)
    with pytest.raises(IntegrityError), transaction.atomic():
        CountryVisit.objects.filter(pk=visit.pk).update(children_met=-1)
    visit.refresh_from_db()
    assert visit.children_met == 40
