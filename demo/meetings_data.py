"""The dated meetings of the demo, from the office's 2023 and 2024 reports, as a small table.

Columns: date, title, kind, mode, level, States (ISO3), organizations (acronyms), themes,
children engaged, visit held during (ISO3 of a visit that year, or ""), Chatham House rule.
"""

# ruff: noqa: E501 - one meeting per line reads as a table; wrapping it would hide the columns.

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class MeetingRow(NamedTuple):
    """One dated meeting of the demo."""

    date: dt.date
    title: str
    kind: str
    mode: str
    level: str
    states: str
    organizations: str
    topics: str
    children: int = 0
    visit: str = ""
    chatham_house: bool = False


D = dt.date
BI, MULTI, CONF, KIDS, ROUND, BRIEF = (
    "bilateral", "multilateral", "conference", "dialogue_with_children", "roundtable", "briefing",
)  # fmt: skip
INP, ONL, HYB = "in_person", "online", "hybrid"
HOS, MIN, SEN, TEC = "head_of_state", "ministerial", "senior_official", "technical"

# 2023: the eight dialogues with children add up to the 2,200 children of the Key Achievements 2023.
# fmt: off
MEETINGS_2023 = (
    MeetingRow(D(2023, 2, 7), "Meeting with the Prime Minister of Luxembourg", BI, INP, HOS, "LUX", "", "investment_case", visit="LUX"),
    MeetingRow(D(2023, 2, 23), "Security Council open debate on children and armed conflict prevention", BRIEF, INP, SEN, "", "OHCHR UNICEF", "child_participation"),
    MeetingRow(D(2023, 3, 9), "Presentation of the annual report to the Human Rights Council", BRIEF, INP, SEN, "", "OHCHR", "online_protection"),
    MeetingRow(D(2023, 3, 10), "Dialogue with children on the digital environment (HRC margins)", KIDS, ONL, TEC, "", "UNICEF", "online_protection child_participation", children=260),
    MeetingRow(D(2023, 3, 14), "GANHRI annual conference: NHRIs and children deprived of liberty", CONF, HYB, SEN, "", "OHCHR", "deprivation_of_liberty"),
    MeetingRow(D(2023, 3, 21), "Meeting with the Head of Government of Andorra", BI, INP, HOS, "AND", "", "investment_case", visit="AND"),
    MeetingRow(D(2023, 4, 4), "Dialogue with children at the first Africa Children's Summit", KIDS, INP, TEC, "", "AU ACPF UNICEF", "child_participation child_marriage", children=480),
    MeetingRow(D(2023, 4, 18), "Meeting with the Minister of Solidarity, Social Integration and Family of Morocco", BI, INP, MIN, "MAR", "", "deprivation_of_liberty investment_case", visit="MAR"),
    MeetingRow(D(2023, 4, 25), "First meeting of the Protection through Online Participation initiative (Madrid)", ROUND, INP, TEC, "ESP", "UNICEF UNESCO", "online_protection"),
    MeetingRow(D(2023, 5, 16), "Meeting with the Cabinet Secretary for Labour and Social Protection of Kenya", BI, INP, MIN, "KEN", "UNICEF", "investment_case child_marriage fgm", visit="KEN"),
    MeetingRow(D(2023, 5, 18), "Dialogue with children in Nairobi", KIDS, INP, TEC, "KEN", "UNICEF", "child_participation fgm", children=150, visit="KEN"),
    MeetingRow(D(2023, 6, 6), "Meeting with the Minister of Welfare of Latvia", BI, INP, MIN, "LVA", "", "investment_case disability", visit="LVA"),
    MeetingRow(D(2023, 6, 9), "Meeting with the Minister of Social Security and Labour of Lithuania", BI, INP, MIN, "LTU", "", "corporal_punishment", visit="LTU"),
    MeetingRow(D(2023, 6, 15), "EU high-level meeting on the reform of Ukraine's child protection system", MULTI, INP, MIN, "UKR", "EU UNICEF", "deprivation_of_liberty"),
    MeetingRow(D(2023, 6, 27), "Meeting with the Minister of Education and Children of Iceland", BI, INP, MIN, "ISL", "", "investment_case", visit="ISL"),
    MeetingRow(D(2023, 7, 17), "HLPF side event: violence against children in the Voluntary National Reviews", CONF, HYB, MIN, "", "UNICEF WHO UNODC", "investment_case"),
    MeetingRow(D(2023, 7, 26), "Dialogue with children in Dakar", KIDS, INP, TEC, "SEN", "UNICEF", "child_participation trafficking", children=120, visit="SEN"),
    MeetingRow(D(2023, 8, 22), "Meeting with the Prime Minister of Fiji", BI, INP, HOS, "FJI", "UNICEF", "investment_case climate", visit="FJI"),
    MeetingRow(D(2023, 8, 23), "Dialogue with children in Suva", KIDS, INP, TEC, "FJI", "UNICEF", "child_participation climate", children=110, visit="FJI"),
    MeetingRow(D(2023, 8, 29), "Meeting with the Prime Minister of Solomon Islands", BI, INP, HOS, "SLB", "", "investment_case", visit="SLB"),
    MeetingRow(D(2023, 9, 18), "SDG Summit: accelerating target 16.2", CONF, INP, HOS, "", "UNICEF WHO", "investment_case"),
    MeetingRow(D(2023, 9, 21), "UNGA side event: child protection at the core of sustainable travel and tourism", CONF, INP, MIN, "", "UNODC", "trafficking"),
    MeetingRow(D(2023, 9, 22), "Dialogue with children on travel and tourism (UNGA margins)", KIDS, ONL, TEC, "", "UNICEF", "child_participation trafficking", children=340),
    MeetingRow(D(2023, 10, 10), "Meeting with the Minister of Social Development and Human Security of Thailand", BI, INP, MIN, "THA", "", "online_protection deprivation_of_liberty", visit="THA"),
    MeetingRow(D(2023, 10, 11), "Dialogue with children in Bangkok", KIDS, INP, TEC, "THA", "UNICEF", "child_participation online_protection", children=140, visit="THA"),
    MeetingRow(D(2023, 10, 17), "Presentation of the annual report to the General Assembly Third Committee", BRIEF, INP, SEN, "", "", "trafficking"),
    MeetingRow(D(2023, 11, 8), "Follow-up meeting with the Government of Chad", BI, ONL, MIN, "TCD", "UNICEF", "child_marriage"),
    MeetingRow(D(2023, 11, 14), "Regional dialogue with children of Latin America and the Caribbean", KIDS, HYB, TEC, "", "MMI-LAC IIN-OAS", "child_participation gender", children=600),
    MeetingRow(D(2023, 11, 21), "Meeting with the Minister of Social Affairs of Lebanon", BI, INP, MIN, "LBN", "UNICEF", "deprivation_of_liberty", visit="LBN"),
    MeetingRow(D(2023, 11, 29), "Follow-up meeting with the Government of Côte d'Ivoire", BI, ONL, MIN, "CIV", "", "investment_case trafficking"),
    MeetingRow(D(2023, 12, 11), "Human Rights 75 high-level event: pledge on children's protection", CONF, INP, HOS, "", "OHCHR", "child_participation"),
    MeetingRow(D(2023, 12, 13), "Global Refugee Forum: pledge on the protection of displaced children", CONF, INP, MIN, "", "UNHCR UNICEF", "deprivation_of_liberty"),
)
# fmt: on

# 2024: meetings' children (2,350) plus the 2024 visits' children met (380) make the 2,730 reported.
# fmt: off
MEETINGS_2024 = (
    MeetingRow(D(2024, 2, 8), "Inter-Agency Working Group on Violence against Children, enlarged to UNFPA and UN Women", MULTI, ONL, TEC, "", "UNICEF WHO UNODC UNFPA UN_Women", "gender"),
    MeetingRow(D(2024, 2, 20), "Meeting with the Minister of Community Development and Social Services of Zambia", BI, INP, MIN, "ZMB", "UNICEF", "investment_case child_marriage", visit="ZMB"),
    MeetingRow(D(2024, 3, 12), "High-level roundtable on promoting the investment case for ending violence against children", ROUND, ONL, MIN, "ISL BRA FJI ZMB COL CRI KEN PHL MNG", "UNICEF WHO", "investment_case", chatham_house=True),
    MeetingRow(D(2024, 3, 13), "Presentation of the annual report to the Human Rights Council", BRIEF, INP, SEN, "", "OHCHR", "online_protection"),
    MeetingRow(D(2024, 3, 14), "Dialogue with children on the margins of the Human Rights Council", KIDS, ONL, TEC, "", "UNICEF", "child_participation", children=250),
    MeetingRow(D(2024, 3, 18), "Audience with Pope Francis", BI, INP, HOS, "VAT", "", "gender child_participation"),
    MeetingRow(D(2024, 4, 9), "Meeting with the Prime Minister of Lesotho", BI, INP, HOS, "LSO", "UNICEF", "investment_case", visit="LSO"),
    MeetingRow(D(2024, 4, 23), "Peer-learning exchange on investing in integrated services", ROUND, ONL, SEN, "BRA FJI ISL ZMB", "", "investment_case"),
    MeetingRow(D(2024, 5, 14), "Cooperation agreement with the Committee on the Rights of the Child", MULTI, INP, SEN, "", "OHCHR", "child_participation"),
    MeetingRow(D(2024, 5, 28), "High-level Conference on Children, Youth and Families (Romania)", CONF, INP, MIN, "ROU AUT BEN BGR MLT POL SVK", "CoE EU", "investment_case", visit="ROU"),
    MeetingRow(D(2024, 6, 11), "Dialogue with children at the Africa Children's Summit", KIDS, INP, TEC, "", "AU ACPF", "child_participation child_marriage", children=400),
    MeetingRow(D(2024, 6, 20), "Technical workshop of pathfinding countries (Geneva)", ROUND, INP, TEC, "SWE COL BRA ZMB PHL", "UNICEF WHO", "investment_case"),
    MeetingRow(D(2024, 7, 16), "HLPF side event: investing in child protection as an SDG accelerator", CONF, HYB, MIN, "", "UNICEF WHO", "investment_case"),
    MeetingRow(D(2024, 9, 3), "Meeting with the Minister of Equality of Colombia on the Ministerial Conference", BI, INP, MIN, "COL", "UNICEF WHO", "investment_case", visit="COL"),
    MeetingRow(D(2024, 9, 22), "Summit of the Future: children's protection in the Pact for the Future", CONF, INP, HOS, "", "UNICEF", "online_protection"),
    MeetingRow(D(2024, 9, 24), "Online dialogue with children before the Ministerial Conference (1 of 3)", KIDS, ONL, TEC, "", "UNICEF WHO", "child_participation", children=350),
    MeetingRow(D(2024, 10, 2), "Global Cybersecurity Forum", CONF, INP, MIN, "SAU", "", "online_protection"),
    MeetingRow(D(2024, 10, 8), "Online dialogue with children before the Ministerial Conference (2 of 3)", KIDS, ONL, TEC, "", "UNICEF WHO", "child_participation", children=330),
    MeetingRow(D(2024, 10, 15), "Presentation of the annual report to the General Assembly Third Committee", BRIEF, INP, SEN, "", "", "trafficking"),
    MeetingRow(D(2024, 10, 22), "Online dialogue with children before the Ministerial Conference (3 of 3)", KIDS, ONL, TEC, "", "UNICEF WHO", "child_participation", children=320),
    MeetingRow(D(2024, 11, 7), "First Global Ministerial Conference on Ending Violence against Children (Bogota)", CONF, INP, MIN, "COL SWE BRA ZMB PHL LSO KEN FJI THA ROU", "UNICEF WHO", "investment_case child_participation", children=150),
    MeetingRow(D(2024, 11, 13), "Sixth Forum of the Global Network of Religions for Children (Abu Dhabi)", CONF, HYB, SEN, "ARE", "", "child_marriage fgm", children=300),
    MeetingRow(D(2024, 11, 26), "Dialogue with children on the margins of the General Assembly", KIDS, ONL, TEC, "", "UNICEF", "child_participation", children=250),
    MeetingRow(D(2024, 12, 3), "Cross-regional meeting of regional organizations on violence against children", ROUND, HYB, SEN, "", "ASEAN SICA CBSS CoE LAS IIN-OAS MERCOSUR SACG ACPF MMI-LAC", "investment_case"),
    MeetingRow(D(2024, 12, 10), "WeProtect Global Alliance Summit", CONF, INP, SEN, "ARE", "", "online_protection"),
)
# fmt: on
