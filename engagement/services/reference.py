"""Loading the reference data shipped in engagement/reference/: idempotent, in one transaction."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from engagement.models import Indicator, MemberState, Organization, Region, Term
from engagement.roles import role_groups_ensure

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"


@dataclass
class LoadCounts:
    """How many rows each table gained or changed."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, *, created: bool, changed: bool) -> None:
        if created:
            self.created[table] = self.created.get(table, 0) + 1
        elif changed:
            self.updated[table] = self.updated.get(table, 0) + 1


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _upsert(model, counts: LoadCounts, lookup: dict, values: dict):
    """Create or update one row, touching the database only when something differs."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model.objects.create(**lookup, **values)
        counts.add(model.__name__, created=True, changed=False)
        return instance
    changed = {key: value for key, value in values.items() if getattr(instance, key) != value}
    if changed:
        for key, value in changed.items():
            setattr(instance, key, value)
        instance.save(update_fields=list(changed))
        counts.add(model.__name__, created=False, changed=True)
    return instance


def _load_states(counts: LoadCounts) -> None:
    for row in _rows("member_states.csv"):
        region = _upsert(Region, counts, {"m49": row["region_m49"]}, {"name": row["region"], "parent": None})
        subregion = _upsert(
            Region, counts, {"m49": row["subregion_m49"]}, {"name": row["subregion"], "parent": region}
        )
        _upsert(
            MemberState,
            counts,
            {"iso3": row["iso3"]},
            {
                "m49": row["m49"],
                "name": row["name"],
                "region": region,
                "subregion": subregion,
                "is_un_member": row["is_un_member"] == "true",
            },
        )


def _load_organizations(counts: LoadCounts) -> None:
    states = dict(MemberState.objects.values_list("iso3", "pk"))
    for row in _rows("organizations.csv"):
        organization = _upsert(
            Organization, counts, {"name": row["name"]}, {"acronym": row["acronym"], "kind": row["kind"]}
        )
        wanted = {states[iso3] for iso3 in row["member_states"].split()}
        current = set(organization.member_states.values_list("pk", flat=True))
        if wanted != current:
            organization.member_states.set(wanted)
            counts.add("Organization membership list", created=not current, changed=True)


def _load_vocabularies(counts: LoadCounts) -> None:
    for row in _rows("vocabularies.csv"):
        _upsert(
            Term,
            counts,
            {"vocabulary": row["vocabulary"], "code": row["code"]},
            {"name": row["name"], "description": row["description"]},
        )
    for row in _rows("indicators.csv"):
        _upsert(
            Indicator,
            counts,
            {"code": row["code"]},
            {
                "name": row["name"],
                "unit": row["unit"],
                "source": row["source"],
                "yearly_target": int(row["yearly_target"]),
            },
        )


@transaction.atomic
def reference_data_load() -> LoadCounts:
    """Load States, regions, organizations, vocabularies and indicators; a second run changes nothing."""
    counts = LoadCounts()
    role_groups_ensure()
    _load_states(counts)
    _load_organizations(counts)
    _load_vocabularies(counts)
    return counts
