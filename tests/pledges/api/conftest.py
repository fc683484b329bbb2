"""Pledges of Kenya and Fiji, public and internal, for the pledges API tests."""

from __future__ import annotations

import pytest

from pledges.choices import Visibility
from tests.factories import PledgeFactory, state


@pytest.fixture
def ken_public(reference_data):
    return PledgeFactory(title="Kenya national action plan", sdg_targets=["16.2"])


@pytest.fixture
def ken_internal(reference_data):
    return PledgeFactory(title="Kenya draft budget line", visibility=Visibility.INTERNAL)


@pytest.fixture
def fji_public(reference_data):
    return PledgeFactory(member_state=state("FJI"), title="Fiji economic cost study")


@pytest.fixture
def fji_internal(reference_data):
    return PledgeFactory(
        member_state=state("FJI"), title="Fiji cabinet paper", visibility=Visibility.INTERNAL
    )
