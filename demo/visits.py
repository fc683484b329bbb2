"""Demo country visits: the 2023 official and follow-up visits, some 2024 and 2025 ones, and plans."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from demo.common import DemoContext
from engagement.models import User
from visits.choices import SiteKind, VisitKind, VisitStatus
from visits.models import CountryVisit, VisitSite

D = dt.date
OFFICIAL, FOLLOW_UP = VisitKind.OFFICIAL, VisitKind.FOLLOW_UP


@dataclass(frozen=True)
class VisitRow:
    """One visit of the demo: State, dates, kind, status, children met, stakeholders, objectives."""

    iso3: str
    start: dt.date
    end: dt.date
    kind: str
    objectives: str
    children_met: int = 0
    stakeholders: tuple[str, ...] = ("member_state_government", "un_entity", "civil_society", "children")
    status: str = VisitStatus.COMPLETED
    summary: str = ""


# Children met in 2023 are counted on the eight dialogues with children (meetings linked to these
# visits), not again here: the annual figure of 2,200 is the sum of both, so 2023 visits carry 0.
VISITS = (
    VisitRow("LUX", D(2023, 2, 6), D(2023, 2, 8), OFFICIAL,
             "Promote the investment case for integrated child protection services; discuss the "
             "protection of children on the move and online safety.",
             stakeholders=("member_state_government", "parliament", "nhri", "civil_society")),
    VisitRow("AND", D(2023, 3, 20), D(2023, 3, 22), OFFICIAL,
             "Review the national child protection system and the follow-up to the UPR "
             "recommendations on violence against children.",
             stakeholders=("member_state_government", "parliament", "nhri", "children")),
    VisitRow("MAR", D(2023, 4, 17), D(2023, 4, 20), FOLLOW_UP,
             "Follow up on the integrated public policy for the protection of children and on "
             "alternatives to the deprivation of liberty."),
    VisitRow("KEN", D(2023, 5, 15), D(2023, 5, 20), OFFICIAL,
             "Support the national plan of action to end violence against children; discuss "
             "child marriage, FGM and the investment case with the county governments.",
             stakeholders=("member_state_government", "un_entity", "civil_society", "faith_based",
                           "children", "judiciary")),
    VisitRow("LVA", D(2023, 6, 5), D(2023, 6, 7), OFFICIAL,
             "Discuss the Barnahus model, de-institutionalization and children's mental health.",
             stakeholders=("member_state_government", "nhri", "civil_society", "children")),
    VisitRow("LTU", D(2023, 6, 8), D(2023, 6, 10), OFFICIAL,
             "Consolidated with the visit to Latvia: integrated services, the prohibition of "
             "corporal punishment and the 2023 Voluntary National Review.",
             stakeholders=("member_state_government", "parliament", "civil_society", "children")),
    VisitRow("ISL", D(2023, 6, 26), D(2023, 6, 28), FOLLOW_UP,
             "Follow up on the cooperation agreement: the Prosperity Act and the model protocol on "
             "integrated services.",
             stakeholders=("member_state_government", "academia", "children")),
    VisitRow("SEN", D(2023, 7, 24), D(2023, 7, 28), OFFICIAL,
             "Child protection in the daaras, children on the move and the national child "
             "protection strategy.",
             stakeholders=("member_state_government", "faith_based", "civil_society", "children",
                           "un_entity")),
    VisitRow("FJI", D(2023, 8, 21), D(2023, 8, 25), OFFICIAL,
             "Support the national action plan to prevent violence against children and the costing "
             "of violence; climate and child protection.",
             stakeholders=("member_state_government", "un_entity", "faith_based", "children",
                           "civil_society")),
    VisitRow("SLB", D(2023, 8, 28), D(2023, 9, 1), OFFICIAL,
             "Consolidated with the visit to Fiji: the Child and Family Welfare Act and the role of "
             "traditional and church leaders.",
             stakeholders=("member_state_government", "faith_based", "children", "un_entity")),
    VisitRow("THA", D(2023, 10, 9), D(2023, 10, 13), OFFICIAL,
             "Online protection, children in immigration detention and the withdrawal of the "
             "reservation to article 22 of the Convention on the Rights of the Child.",
             stakeholders=("member_state_government", "private_sector", "nhri", "children",
                           "un_entity")),
    VisitRow("LBN", D(2023, 11, 20), D(2023, 11, 22), FOLLOW_UP,
             "Follow up on the protection of children affected by the crisis and displacement.",
             stakeholders=("member_state_government", "un_entity", "civil_society")),
    VisitRow("ZMB", D(2024, 2, 19), D(2024, 2, 23), OFFICIAL,
             "The investment case and the House of Chiefs' Call to Action to end child marriage.",
             children_met=140, stakeholders=("member_state_government", "faith_based", "children")),
    VisitRow("LSO", D(2024, 4, 8), D(2024, 4, 11), OFFICIAL,
             "Support the National Prevention and Response Plan to reduce violence against children.",
             children_met=95),
    VisitRow("ROU", D(2024, 5, 27), D(2024, 5, 29), FOLLOW_UP,
             "High-level Conference on Children, Youth and Families; budget tracking for children.",
             children_met=60, stakeholders=("member_state_government", "regional_organization",
                                            "children")),
    VisitRow("COL", D(2024, 9, 2), D(2024, 9, 5), OFFICIAL,
             "Preparation of the First Global Ministerial Conference with the co-hosts.",
             children_met=85),
    VisitRow("BRA", D(2025, 4, 7), D(2025, 4, 10), OFFICIAL,
             "Follow up on the Bogota pledges and the Multi-Year Plan 2024-2027.", children_met=70),
    VisitRow("PNG", D(2025, 9, 15), D(2025, 9, 18), OFFICIAL,
             "Postponed at the request of the Government.", status=VisitStatus.CANCELLED),
    VisitRow("MNG", D(2026, 12, 7), D(2026, 12, 11), OFFICIAL,
             "Review progress on the pathfinding commitments and the costed national action plan.",
             status=VisitStatus.CONFIRMED),
    VisitRow("PRY", D(2027, 3, 15), D(2027, 3, 18), OFFICIAL,
             "Children's participation in the national system and the Bogota pledges.",
             status=VisitStatus.PLANNED),
)  # fmt: skip

SITES = {
    ("KEN", 2023): (
        ("Nairobi Children's Remand Home", SiteKind.DETENTION, "Nairobi"),
        ("Child Protection Unit, Kilimani police station", SiteKind.SOCIAL_SERVICE, "Nairobi"),
        ("Kisumu county children's office", SiteKind.SOCIAL_SERVICE, "Kisumu"),
    ),
    ("FJI", 2023): (
        ("Social welfare child protection office", SiteKind.SOCIAL_SERVICE, "Suva"),
        ("Children's home run by a faith-based organization", SiteKind.CARE_INSTITUTION, "Suva"),
    ),
    ("THA", 2023): (
        ("Immigration detention centre (family section)", SiteKind.DETENTION, "Bangkok"),
        ("One Stop Crisis Centre", SiteKind.HEALTH, "Bangkok"),
    ),
    ("SEN", 2023): (
        ("Child protection department", SiteKind.SOCIAL_SERVICE, "Dakar"),
        ("Daara supported by the modernization programme", SiteKind.SCHOOL, "Thiès"),
    ),
    ("LVA", 2023): (("Barnahus (child advocacy centre)", SiteKind.SOCIAL_SERVICE, "Riga"),),
    ("LTU", 2023): (("Juvenile correction centre", SiteKind.DETENTION, "Kaunas"),),
    ("ZMB", 2024): (("One-stop centre for survivors of violence", SiteKind.HEALTH, "Lusaka"),),
}


def load_visits(ctx: DemoContext, owner: User) -> dict[tuple[str, int], CountryVisit]:
    """Create or update the demo visits (keyed by State and start date) and their sites."""
    visits: dict[tuple[str, int], CountryVisit] = {}
    for row in VISITS:
        visit = ctx.upsert(
            CountryVisit,
            {"member_state": ctx.states[row.iso3], "start_date": row.start},
            {
                "end_date": row.end,
                "kind": row.kind,
                "status": row.status,
                "objectives": row.objectives,
                "children_met": row.children_met,
                "owner": owner,
                "summary": row.summary,
            },
        )
        ctx.set_links(
            visit, "stakeholder_categories", ctx.term_list("stakeholder_category", row.stakeholders)
        )
        visits[(row.iso3, row.start.year)] = visit
        for name, kind, location in SITES.get((row.iso3, row.start.year), ()):
            ctx.upsert(VisitSite, {"visit": visit, "name": name}, {"kind": kind, "location": location})
    return visits
