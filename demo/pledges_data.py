"""The pledge wording of the demo: templates by commitment area, and the named national milestones."""

# ruff: noqa: E501 - data tables, one record per line or two, read better unwrapped.

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pledges.choices import PledgeArea, PledgeOrigin, PledgeStatus


@dataclass(frozen=True)
class PledgeTemplate:
    """A commitment many States made in Bogota, with how it is measured."""

    area: str
    title: str
    indicator: str
    baseline: str
    responsible_body: str
    sdg_targets: tuple[str, ...] = ("16.2",)
    tags: tuple[str, ...] = ("prevention", "advocacy")


TEMPLATES = (
    PledgeTemplate(PledgeArea.LEGISLATION, "Prohibit corporal punishment of children in all settings",
                   "Law prohibiting corporal punishment in all settings in force", "Prohibition in schools only",
                   "Ministry of Justice", ("16.2", "4.a"), ("prevention", "normative_work")),
    PledgeTemplate(PledgeArea.LEGISLATION, "Set the minimum age of marriage at 18 without exception",
                   "Minimum age of marriage in law", "Exceptions with parental consent",
                   "Ministry of Justice", ("16.2", "5.3"), ("prevention", "normative_work")),
    PledgeTemplate(PledgeArea.LEGISLATION, "Criminalize all forms of online child sexual exploitation and abuse",
                   "Penal code amended", "Partial coverage of online offences", "Ministry of Justice",
                   ("16.2", "5.2"), ("justice", "normative_work", "cyberspace")),
    PledgeTemplate(PledgeArea.POLICY_AND_PLANS, "Adopt a costed national action plan to end violence against children",
                   "Costed plan adopted by the Council of Ministers", "No national plan",
                   "Ministry of Social Development", ("16.2",), ("prevention", "technical_assistance")),
    PledgeTemplate(PledgeArea.POLICY_AND_PLANS, "End the immigration detention of children",
                   "Number of children in immigration detention", "Children detained with their families",
                   "Ministry of the Interior", ("16.2", "8.7"), ("justice", "advocacy", "children_on_the_move")),
    PledgeTemplate(PledgeArea.FINANCING, "Track public expenditure on child protection in the national budget",
                   "Budget tagging of child protection expenditure", "No tagging",
                   "Ministry of Finance", ("16.2",), ("prevention", "research_and_data")),
    PledgeTemplate(PledgeArea.FINANCING, "Increase the child protection budget by 20% by 2027",
                   "Child protection budget (share of social spending)", "2024 budget law",
                   "Ministry of Finance", ("16.2",), ("response", "advocacy")),
    PledgeTemplate(PledgeArea.SERVICES, "Scale up integrated child protection services (Barnahus model)",
                   "Share of districts with an integrated service", "Two pilot centres",
                   "Ministry of Health", ("16.2", "5.2"), ("response", "technical_assistance", "justice_systems")),
    PledgeTemplate(PledgeArea.SERVICES, "Run a free national child helpline 24 hours a day",
                   "Helpline hours of operation", "Office hours only", "National child protection agency",
                   ("16.2",), ("response", "technical_assistance")),
    PledgeTemplate(PledgeArea.SERVICES, "Expand evidence-based parenting support programmes nationwide",
                   "Families reached by parenting programmes", "Pilot in three regions",
                   "Ministry of Family Affairs", ("16.2", "4.7"), ("prevention", "awareness_raising")),
    PledgeTemplate(PledgeArea.DATA_AND_EVIDENCE, "Conduct a national survey on violence against children",
                   "Survey published", "No national prevalence data", "National statistics office",
                   ("16.2", "5.2"), ("prevention", "research_and_data")),
    PledgeTemplate(PledgeArea.DATA_AND_EVIDENCE, "Set up an integrated child protection information system",
                   "Case management system in use in all districts", "Paper records",
                   "Ministry of Social Development", ("16.2",), ("response", "research_and_data")),
    PledgeTemplate(PledgeArea.CHILD_PARTICIPATION, "Consult children on every national child protection policy",
                   "Policies adopted after consulting children", "Ad hoc consultations",
                   "National children's council", ("16.2", "4.7"), ("prevention", "awareness_raising")),
    PledgeTemplate(PledgeArea.CHILD_PARTICIPATION, "Make schools safe from bullying and violence, with children",
                   "Schools with a child-led safety committee", "No national programme",
                   "Ministry of Education", ("16.2", "4.a"), ("prevention", "awareness_raising")),
)  # fmt: skip


@dataclass(frozen=True)
class ReportRow:
    """A progress report written into the demo by hand."""

    day: dt.date
    status: str
    progress: int
    narrative: str


@dataclass(frozen=True)
class NamedPledge:
    """A commitment the office follows by name (national milestones, Kenya's own pledges)."""

    iso3: str
    title: str
    area: str
    origin: str
    made_on: dt.date
    target_date: dt.date
    indicator: str
    responsible_body: str
    reports: tuple[ReportRow, ...] = ()
    visibility: str = "public"
    interval: int = 180
    visit_year: int | None = None
    sdg_targets: tuple[str, ...] = ("16.2",)
    tags: tuple[str, ...] = ("prevention", "advocacy")
    baseline: str = ""
    budget: tuple[int, str] | None = field(default=None)


D = dt.date
ACH, PROG, OFF = PledgeStatus.ACHIEVED, PledgeStatus.IN_PROGRESS, PledgeStatus.OFF_TRACK

NAMED_PLEDGES = (
    NamedPledge("LSO", "Reduce violence against children by 75% by 2028 (National Prevention and Response Plan)",
                PledgeArea.POLICY_AND_PLANS, PledgeOrigin.OTHER, D(2024, 4, 9), D(2028, 12, 31),
                "Prevalence of violence against children (national survey)", "Ministry of Social Development",
                (ReportRow(D(2025, 3, 14), PROG, 20, "The plan is adopted and costed; districts are rolling it out."),
                 ReportRow(D(2025, 9, 30), PROG, 35, "Community prevention programmes started in five districts."),
                 ReportRow(D(2026, 4, 2), PROG, 45, "Mid-term survey planned; helpline coverage extended.")),
                baseline="National survey before the plan", budget=(1_200_000, "USD")),
    NamedPledge("THA", "Withdraw the reservation to article 22 of the Convention on the Rights of the Child",
                PledgeArea.LEGISLATION, PledgeOrigin.COUNTRY_VISIT, D(2023, 10, 10), D(2024, 12, 31),
                "Reservation withdrawn with the Secretary-General", "Ministry of Foreign Affairs",
                (ReportRow(D(2025, 1, 20), ACH, 100, "The reservation was withdrawn in 2024."),),
                visit_year=2023, tags=("justice", "normative_work", "children_on_the_move"),
                baseline="Reservation to article 22 in force"),
    NamedPledge("FJI", "Include a KPI on the economic cost of violence against children in the National Development Plan 2025-2029",
                PledgeArea.POLICY_AND_PLANS, PledgeOrigin.OTHER, D(2024, 9, 2), D(2025, 12, 31),
                "KPI in the adopted National Development Plan", "Ministry of Finance",
                (ReportRow(D(2025, 2, 17), PROG, 70, "KPI drafted with the costing study."),
                 ReportRow(D(2025, 8, 11), ACH, 100, "The plan 2025-2029 was adopted with the KPI.")),
                tags=("prevention", "research_and_data")),
    NamedPledge("ROU", "Establish a budget allocation and expenditure tracking mechanism for child protection",
                PledgeArea.FINANCING, PledgeOrigin.OTHER, D(2024, 5, 28), D(2025, 12, 31),
                "Tracking mechanism in the budget law", "Ministry of Finance",
                (ReportRow(D(2025, 4, 3), ACH, 100, "The mechanism is in the 2025 budget law; first report published."),),
                tags=("prevention", "research_and_data"), budget=(2_500_000, "EUR")),
    NamedPledge("BRA", "Track the children and adolescents agenda of the Multi-Year Plan 2024-2027 for ending violence",
                PledgeArea.POLICY_AND_PLANS, PledgeOrigin.OTHER, D(2024, 1, 15), D(2027, 12, 31),
                "Annual monitoring report of the cross-cutting agenda", "Ministry of Planning and Budget",
                (ReportRow(D(2025, 2, 28), PROG, 30, "First monitoring report of the cross-cutting agenda."),
                 ReportRow(D(2026, 3, 6), PROG, 55, "Second report; violence indicators disaggregated by age.")),
                interval=365),
    NamedPledge("KEN", "Run the national child helpline 116 around the clock with county referral pathways",
                PledgeArea.SERVICES, PledgeOrigin.BOGOTA_2024, D(2024, 11, 7), D(2027, 6, 30),
                "Counties with a functioning referral pathway", "State Department for Children Services",
                (ReportRow(D(2025, 5, 9), PROG, 25, "Helpline staffed around the clock; 12 counties connected."),
                 ReportRow(D(2026, 6, 1), PROG, 50, "28 counties connected; referral guidelines issued.")),
                baseline="Helpline open 12 hours a day", budget=(850_000, "USD")),
    NamedPledge("KEN", "Create a child protection budget line in every county budget",
                PledgeArea.FINANCING, PledgeOrigin.BOGOTA_2024, D(2024, 11, 8), D(2028, 6, 30),
                "Counties with a child protection budget line", "National Treasury",
                (ReportRow(D(2025, 5, 20), PROG, 15, "Guidance to counties drafted with the Council of Governors."),
                 ReportRow(D(2026, 5, 15), OFF, 20, "Only 6 counties adopted a budget line; delays in the others.")),
                visibility="internal", interval=365, baseline="No county budget line"),
    NamedPledge("KEN", "Accelerate the end of FGM and child marriage in hotspot counties",
                PledgeArea.SERVICES, PledgeOrigin.COUNTRY_VISIT, D(2023, 5, 16), D(2026, 12, 31),
                "Hotspot counties with an anti-FGM board", "Anti-FGM Board",
                (ReportRow(D(2025, 3, 10), PROG, 35, "Anti-FGM boards set up in 9 of 22 hotspot counties."),),
                visit_year=2023, sdg_targets=("16.2", "5.3"), tags=("prevention", "awareness_raising")),
)  # fmt: skip
