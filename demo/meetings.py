"""Demo meetings: the dated 2023-2024 events of the reports plus routine meetings drawn month by month."""

from __future__ import annotations

import datetime as dt
import random

from demo.common import DemoContext, month_starts
from demo.meetings_data import MEETINGS_2023, MEETINGS_2024, MeetingRow
from engagement.models import User
from meetings.models import Meeting
from visits.models import CountryVisit

MEETINGS_PER_MONTH = 5
THEMES = (
    "investment_case", "deprivation_of_liberty", "online_protection", "trafficking", "child_marriage",
    "fgm", "corporal_punishment", "climate", "disability", "child_participation", "gender",
)  # fmt: skip
UN_AND_REGIONAL = ("UNICEF", "WHO", "UNODC", "UNESCO", "OHCHR", "UNHCR", "ILO", "UNFPA", "UNDP", "EU",
                   "AU", "ASEAN", "CoE", "LAS", "ECOWAS", "SICA", "IIN-OAS")  # fmt: skip
KIND_WEIGHTS = {"bilateral": 50, "multilateral": 20, "conference": 12, "briefing": 10, "roundtable": 8}
MODE_WEIGHTS = {"in_person": 60, "online": 30, "hybrid": 10}
LEVEL_WEIGHTS = {"head_of_state": 3, "ministerial": 27, "senior_official": 42, "technical": 28}
NOTES = (
    "The delegation signalled a budget increase for child protection services in the next cycle.",
    "The minister asked for discreet technical support before announcing the plan.",
    "Sensitive: a reform of the juvenile justice law is contested within the coalition.",
    "The mission prefers that the bilateral support is not publicised before the elections.",
)


def _title(kind: str, state_name: str, organization: str, theme: str) -> str:
    titles = {
        "bilateral": f"Bilateral meeting with the delegation of {state_name}",
        "multilateral": f"Coordination meeting with {organization} on {theme}",
        "conference": f"Side event on {theme}",
        "briefing": f"Briefing to Member States on {theme}",
        "roundtable": f"Expert roundtable on {theme}",
    }
    return titles[kind]


def _routine_rows(ctx: DemoContext, anchors: set[tuple[dt.date, str]]) -> list[MeetingRow]:
    """Fill each month of 2023-2024 up to MEETINGS_PER_MONTH, always in the same order (seeded)."""
    rng = random.Random(2024)  # noqa: S311 - reproducible demo data, not a secret
    iso3_codes = sorted(iso3 for iso3, state in ctx.states.items() if state.is_un_member)
    per_month: dict[dt.date, int] = {}
    for day, _ in anchors:
        per_month[day.replace(day=1)] = per_month.get(day.replace(day=1), 0) + 1
    rows = []
    for month in month_starts(dt.date(2023, 1, 1), dt.date(2024, 12, 1)):
        for _ in range(max(1, MEETINGS_PER_MONTH - per_month.get(month, 0))):
            kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
            iso3 = rng.choice(iso3_codes)
            organization = rng.choice(UN_AND_REGIONAL)
            themes = rng.sample(THEMES, k=rng.randint(1, 2))
            theme_name = ctx.terms[("theme", themes[0])].name.lower()
            title = _title(kind, ctx.states[iso3].name, organization, theme_name)
            day = month.replace(day=rng.randint(1, 28))
            while (day, title) in anchors:
                day += dt.timedelta(days=1)
            anchors.add((day, title))
            rows.append(
                MeetingRow(
                    date=day,
                    title=title,
                    kind=kind,
                    mode=rng.choices(list(MODE_WEIGHTS), weights=list(MODE_WEIGHTS.values()))[0],
                    level=rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()))[0],
                    states=iso3 if kind == "bilateral" or rng.random() < 0.4 else "",
                    organizations=organization if kind != "bilateral" or rng.random() < 0.3 else "",
                    topics=" ".join(themes),
                )
            )
    return rows


def _summary(row: MeetingRow, ctx: DemoContext) -> str:
    themes = ", ".join(ctx.terms[("theme", code)].name.lower() for code in row.topics.split())
    if row.chatham_house:
        return (
            "Ministers and senior UN officials exchanged on assessing the cost of violence and the return "
            "on investing in integrated services; the model protocol and toolkit developed with Iceland "
            "were welcomed. Summary shared without attribution."
        )
    if row.children:
        return f"{row.children} children took part and shared their messages on {themes}."
    return f"Discussed {themes} and agreed on follow-up steps with the office."


def load_meetings(
    ctx: DemoContext, author: User, visits: dict[tuple[str, int], CountryVisit]
) -> list[Meeting]:
    """Create or update the ~120 meetings of 2023-2024, keyed by date and title."""
    rows = [*MEETINGS_2023, *MEETINGS_2024]
    rows += _routine_rows(ctx, {(row.date, row.title) for row in rows})
    notes_rng = random.Random(2024)  # noqa: S311 - reproducible demo data, not a secret
    meetings = []
    for row in rows:
        confidential = row.chatham_house or (row.kind == "bilateral" and notes_rng.random() < 0.3)
        meeting = ctx.upsert(
            Meeting,
            {"date": row.date, "title": row.title},
            {
                "kind": row.kind,
                "mode": row.mode,
                "level": row.level,
                "visit": visits[(row.visit, row.date.year)] if row.visit else None,
                "summary": _summary(row, ctx),
                "notes": notes_rng.choice(NOTES) if confidential else "",
                "chatham_house": row.chatham_house,
                "children_engaged": row.children,
                "created_by": author,
            },
        )
        ctx.set_links(meeting, "member_states", [ctx.states[iso3] for iso3 in row.states.split()])
        ctx.set_links(
            meeting, "organizations", [ctx.organizations[code] for code in row.organizations.split()]
        )
        ctx.set_links(meeting, "topics", ctx.term_list("theme", row.topics.split()))
        meetings.append(meeting)
    return meetings
