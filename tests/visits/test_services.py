"""Visit services: updates go through model_update."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.factories import (
    VisitFactory,
)
from visits.services import visit_update

pytestmark = pytest.mark.django_db
REFUSED = ["This field cannot be changed here."]


def test_visit_update_refuses_an_unknown_field(reference_data, staff):
    visit = VisitFactory()

    with pytest.raises(ValidationError) as refused:
        visit_update(visit=visit, data={"created_at": None, "objectives": "Other."}, by=staff)

    assert refused.value.message_dict == {"created_at": REFUSED}
    visit.refresh_from_db()
    assert visit.objectives.startswith("Support")
