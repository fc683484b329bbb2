"""The public pledge page: no sign-in, public pledges only, CSV link with the same filters."""

from __future__ import annotations

import pytest

from tests.factories import PledgeFactory, state


def test_lists_only_public_pledges(client, reference_data):
    PledgeFactory(title="Open commitment", visibility="public")
    PledgeFactory(title="Internal commitment", visibility="internal")
    page = client.get("/public/pledges/").content.decode()
    assert "Open commitment" in page
    assert "Internal commitment" not in page


def test_filters_and_the_csv_link_carry_them(client, reference_data):
    PledgeFactory(title="Kenyan pledge", member_state=state("KEN"))
    PledgeFactory(title="Fijian pledge", member_state=state("FJI"))
    page = client.get("/public/pledges/", {"member_state": "FJI"}).content.decode()
    assert "Fijian pledge" in page
    assert "Kenyan pledge" not in page
    assert "/api/v1/public/pledges/?format=csv&amp;member_state=FJI" in page


@pytest.mark.parametrize("count", [1, 60])
def test_costs_the_same_whatever_the_number_of_pledges(
    client, reference_data, django_assert_num_queries, count
):
    PledgeFactory.create_batch(count)
    with django_assert_num_queries(11):  # the public data's state (7), count, page, two savepoints
        client.get("/public/pledges/")
