"""Demo VNR outreach: the 2023 and 2024 HLPF presenters, and the 2026 and 2027 cycles under way."""

from __future__ import annotations

import random

from demo.common import DemoContext
from engagement.models import VnrEngagement

# The 38 Member States and the EU that presented in 2023; the office met 33 of them and the EU.
PRESENTERS_2023 = (
    "BRB BEL BIH BRN BFA KHM CAN CHL COM HRV CYP CZE PRK FJI FRA GUY IRL KWT KGZ LTU MDV MNG POL PRT "
    "ROU RWA KNA SAU SRB SGP SVK TJK TLS TKM UZB ZMB ZWE TZA"
).split()
NOT_MET_2023 = {"PRK", "TKM", "KWT", "GUY", "KNA"}
# The 36 presenters of 2024, all reached.
PRESENTERS_2024 = (
    "ARM AUT AZE BLZ BRA TCD COL CRI ECU GNQ ERI GEO HND KEN LAO LBN LBY MRT MUS MEX NAM NPL OMN PLW "
    "PER WSM SMR SLE SLB SSD ESP SYR UGA VUT YEM ZWE"
).split()
# Later cycles: an illustrative list (the demo's "today" is after HLPF 2026, before HLPF 2027).
PRESENTERS_2026 = "GHA IDN JAM MAR NGA PHL SEN TUN URY VNM".split()
PRESENTERS_2027 = "ARG BGD ETH JOR KAZ MDG MWI PAK".split()


def _stages(rng: random.Random, *, met: bool, done: bool) -> dict[str, bool]:
    """Stages after outreach: guidance and a meeting first, then what the report shows."""
    return {
        "outreach_sent": True,
        "guidance_shared": True,
        "meeting_held": met,
        "unct_mobilized": met and rng.random() < 0.8,
        "vac_in_report": done and rng.random() < (0.75 if met else 0.4),
        "children_involved": done and rng.random() < (0.45 if met else 0.2),
    }


def _rows(rng: random.Random) -> list[tuple[int, str, dict[str, bool]]]:
    rows = [(2023, iso3, _stages(rng, met=iso3 not in NOT_MET_2023, done=True)) for iso3 in PRESENTERS_2023]
    rows += [(2024, iso3, _stages(rng, met=True, done=True)) for iso3 in PRESENTERS_2024]
    rows += [(2026, iso3, _stages(rng, met=rng.random() < 0.8, done=True)) for iso3 in PRESENTERS_2026]
    for index, iso3 in enumerate(PRESENTERS_2027):
        started = index < len(PRESENTERS_2027) // 2
        rows.append((2027, iso3, {"outreach_sent": started, "guidance_shared": started and index % 2 == 0}))
    return rows


def load_vnr(ctx: DemoContext) -> None:
    """Create or update one engagement per presenter and HLPF year, plus the EU's 2023 review."""
    rng = random.Random(2023)  # noqa: S311 - reproducible demo data, not a secret
    for year, iso3, stages in _rows(rng):
        ctx.upsert(VnrEngagement, {"hlpf_year": year, "member_state": ctx.states[iso3]}, stages)
    ctx.upsert(
        VnrEngagement,
        {"hlpf_year": 2023, "organization": ctx.organizations["EU"]},
        {
            "outreach_sent": True,
            "guidance_shared": True,
            "meeting_held": True,
            "vac_in_report": True,
            "notes": "The EU presented its first voluntary review in 2023.",
        },
    )
