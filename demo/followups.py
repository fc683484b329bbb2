"""Demo follow-up actions for staff: done, open and overdue, on meetings, visits and pledges."""

# ruff: noqa: E501 - data tables, one record per line or two, read better unwrapped.

from __future__ import annotations

import datetime as dt

from demo.common import DemoContext
from engagement.models import User
from meetings.choices import FollowUpStatus
from meetings.models import FollowUpAction, Meeting
from pledges.models import Pledge
from visits.models import CountryVisit

D = dt.date
DONE, OPEN, CANCELLED = FollowUpStatus.DONE, FollowUpStatus.OPEN, FollowUpStatus.CANCELLED
ROUNDTABLE = (
    D(2024, 3, 12),
    "High-level roundtable on promoting the investment case for ending violence against children",
)
PEER_LEARNING = (D(2024, 4, 23), "Peer-learning exchange on investing in integrated services")
LAST_DIALOGUE = (D(2024, 10, 22), "Online dialogue with children before the Ministerial Conference (3 of 3)")
CROSS_REGIONAL = (
    D(2024, 12, 3),
    "Cross-regional meeting of regional organizations on violence against children",
)
KEN_FGM = ("KEN", "Accelerate the end of FGM and child marriage in hotspot counties")

# (title, due date, status, closed on, parent kind, parent key)
FOLLOW_UPS = (
    ("Share the roundtable summary, without attribution, with participants", D(2024, 3, 26), DONE, D(2024, 3, 22), "meeting", ROUNDTABLE),
    ("Send the draft investment-case toolkit to Fiji and Zambia", D(2024, 5, 31), DONE, D(2024, 6, 5), "meeting", PEER_LEARNING),
    ("Compile the children's messages for the Ministerial Conference", D(2024, 11, 1), DONE, D(2024, 10, 30), "meeting", LAST_DIALOGUE),
    ("Report back to regional organizations on the cross-regional recommendations", D(2025, 11, 30), OPEN, None, "meeting", CROSS_REGIONAL),
    ("Send the end-of-mission letter to the Government of Kenya", D(2023, 6, 15), DONE, D(2023, 6, 12), "visit", ("KEN", 2023)),
    ("Share the visit report with the Government of Fiji", D(2023, 10, 1), DONE, D(2023, 9, 28), "visit", ("FJI", 2023)),
    ("Follow up with Thailand on the reservation to article 22", D(2024, 6, 30), DONE, D(2024, 12, 10), "visit", ("THA", 2023)),
    ("Send written recommendations after the follow-up visit to Lebanon", D(2024, 1, 31), CANCELLED, D(2024, 2, 15), "visit", ("LBN", 2023)),
    ("Agree the programme of the visit to Mongolia", D(2026, 11, 30), OPEN, None, "visit", ("MNG", 2026)),
    ("Agree the terms of reference of the visit to Paraguay", D(2027, 1, 15), OPEN, None, "visit", ("PRY", 2027)),
    ("Ask Kenya for the overdue report on FGM and child marriage", D(2025, 10, 6), OPEN, None, "pledge", KEN_FGM),
    ("Check the county list Kenya sends after the disputed report", D(2026, 12, 15), OPEN, None, "pledge", KEN_FGM),
    ("Review Lesotho's plan for the mid-term survey", D(2026, 6, 30), OPEN, None, "pledge",
     ("LSO", "Reduce violence against children by 75% by 2028 (National Prevention and Response Plan)")),
    ("Publish Romania's tracking mechanism as a good practice", D(2025, 6, 30), DONE, D(2025, 7, 2), "pledge",
     ("ROU", "Establish a budget allocation and expenditure tracking mechanism for child protection")),
    ("Prepare the 2026 review of Brazil's monitoring report", D(2026, 12, 31), OPEN, None, "pledge",
     ("BRA", "Track the children and adolescents agenda of the Multi-Year Plan 2024-2027 for ending violence")),
)  # fmt: skip


def load_follow_ups(
    ctx: DemoContext,
    assignee: User,
    parents: dict[str, dict[tuple, Meeting | CountryVisit | Pledge]],
) -> None:
    """Create or update each follow-up, keyed by title and due date, on its meeting, visit or pledge."""
    for title, due_date, status, closed_on, parent_kind, parent_key in FOLLOW_UPS:
        values = {"meeting": None, "visit": None, "pledge": None}
        values[parent_kind] = parents[parent_kind][parent_key]
        ctx.upsert(
            FollowUpAction,
            {"title": title, "due_date": due_date},
            {**values, "status": status, "closed_on": closed_on, "assignee": assignee},
        )
