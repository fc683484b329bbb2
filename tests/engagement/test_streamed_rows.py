"""`streamed_rows`: an export's rows as the database sends them, the same rows as the ORM's."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.exports import streamed_rows
from engagement.models import MemberState

pytestmark = pytest.mark.django_db


def states():
    return MemberState.objects.order_by("name").values_list("iso3", "name", "m49", "region_id")


def test_the_rows_are_the_orms_and_the_query_is_logged_once(reference_data):
    expected = list(states())
    assert len(expected) == 195
    with CaptureQueriesContext(connection) as queries:
        streamed = [tuple(row) for row in streamed_rows(states(), chunk_size=7)]
    assert streamed == expected
    assert len(queries) == 1


def test_an_export_left_half_way_leaves_the_connection_usable(reference_data):
    rows = streamed_rows(states(), chunk_size=5)
    first = [next(rows) for _ in range(12)]
    rows.close()  # the client went away
    assert [tuple(row) for row in first] == list(states()[:12])
    assert MemberState.objects.count() == 195


def test_nothing_to_read_reads_nothing(reference_data):
    with CaptureQueriesContext(connection) as queries:
        assert list(streamed_rows(states().none())) == []
    assert len(queries) == 0
