"""What the API tables of every app share: the roles and actions of the permission tables, how a
table row is requested, and how the queries of a list page are counted."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

ROLES = ("anonymous", "focal_ken", "focal_fji", "viewer", "staff")
ACTIONS = ("list", "retrieve", "create", "update", "delete")

READ_ALL = {"list": 200, "retrieve": 200}
FORBIDDEN_WRITES = {"create": 403, "update": 403, "delete": 403}
STAFF_WRITES = {"create": 201, "update": 200, "delete": 204}
NO_WRITES = {"create": 405, "update": 405, "delete": 405}
# Rows in Kenya's scope: Fiji's focal point must not learn they exist.
SCOPED_READS = {
    "focal_ken": {"list": 200, "retrieve": 200},
    "focal_fji": {"list": 200, "retrieve": 404},
    "viewer": READ_ALL,
}

# Rows made for each list endpoint: more than a page of 100.
ROWS = 101


def statuses(reads: dict[str, dict[str, int]], staff_writes: dict[str, int] = STAFF_WRITES) -> dict:
    """Role → action → status for one endpoint: the others read as `reads` says and may not write.

    A refused write is a 403, but on a row the role cannot read it is the read's 404: the answer
    never tells that the row exists.
    """
    table = {role: {**reads[role], **FORBIDDEN_WRITES, **hidden_row_writes(reads[role])} for role in reads}
    table["staff"] = {**READ_ALL, **staff_writes}
    return table


def hidden_row_writes(reads: dict[str, int]) -> dict[str, int]:
    """Update and delete are 404 for a role whose retrieve of the row is 404."""
    return {"update": 404, "delete": 404} if reads.get("retrieve") == 404 else {}


def cases(tables: dict[str, dict[str, dict[str, int]]]) -> list[tuple[str, str, str, int]]:
    """(endpoint, role, action, status) for each endpoint's table; anonymous is always 401."""
    return [
        (endpoint, role, action, 401 if role == "anonymous" else tables[endpoint][role][action])
        for endpoint in tables
        for role in ROLES
        for action in ACTIONS
    ]


def row_url(endpoint: str, row) -> str:
    key = row.iso3 if endpoint == "member-states" else row.pk
    return f"/api/v1/{endpoint}/{key}/"


def act(client, endpoint: str, action: str, row, create: Callable[[], dict], update: dict):
    """The response to `action` on `endpoint` (`row` for retrieve, update and delete)."""
    if action == "list":
        return client.get(f"/api/v1/{endpoint}/")
    if action == "retrieve":
        return client.get(row_url(endpoint, row))
    if action == "create":
        return client.post(f"/api/v1/{endpoint}/", create(), format="json")
    if action == "update":
        return client.patch(row_url(endpoint, row), update, format="json")
    return client.delete(row_url(endpoint, row))


def count_queries(client, url: str, page_size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == page_size
    return len(queries)
