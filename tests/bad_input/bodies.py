"""Request bodies and helpers the bad-input tests share."""

from __future__ import annotations

DATE_MESSAGE = "Give a date between 1945-10-24 and 2100-12-31."


def nested(levels: int) -> str:
    """`levels` arrays, one inside the other."""
    return "[" * levels + "]" * levels


def post_json(client, url: str, text: str):
    return client.generic("POST", url, text, content_type="application/json")


def pledge_body(**changes) -> dict:
    return {
        "member_state": "KEN",
        "origin": "other",
        "title": "Child helpline",
        "area": "services",
        **changes,
    }


def meeting_body(**changes) -> dict:
    return {
        "date": "2025-03-12",
        "title": "Bilateral",
        "kind": "bilateral",
        "mode": "online",
        "level": "technical",
        **changes,
    }


def follow_up_body(cast, **changes) -> dict:
    return {"title": "Send the report", "due_date": "2025-01-31", "assignee": cast["staff"].pk, **changes}


def visit_body(**changes) -> dict:
    return {
        "member_state": "KEN",
        "start_date": "2025-05-06",
        "end_date": "2025-05-10",
        "kind": "official",
        **changes,
    }
