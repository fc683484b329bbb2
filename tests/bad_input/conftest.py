"""Kenya's internal pledge, the row the bad-input tests aim at."""

from __future__ import annotations

import pytest

from pledges.choices import Visibility
from tests.factories import PledgeFactory


@pytest.fixture
def ken_pledge(reference_data):
    return PledgeFactory(title="Kenya national action plan", visibility=Visibility.INTERNAL)
