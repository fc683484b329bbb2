"""What every demo module shares: the demo's "today", row upserts that count, look-ups by code."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models

from engagement.models import MemberState, Organization, Term

# The demo tells the story as seen on this day; overdue reports and planned visits are relative to it.
DEMO_TODAY = dt.date(2026, 11, 23)


def _raw(value):
    """What a lookup or value is stored as: a row's primary key, or the value itself."""
    return value.pk if isinstance(value, models.Model) else value


@dataclass
class DemoContext:
    """The rows the demo refers to by code, the existing rows by natural key, and the tally of writes.

    Existing rows and many-to-many links are read once per table, so a second run costs a few
    dozen queries instead of one per row.
    """

    states: dict[str, MemberState]
    organizations: dict[str, Organization]
    terms: dict[tuple[str, str], Term]
    written: Counter = field(default_factory=Counter)
    _rows: dict = field(default_factory=dict)
    _links: dict = field(default_factory=dict)

    @classmethod
    def build(cls) -> DemoContext:
        return cls(
            states={state.iso3: state for state in MemberState.objects.all()},
            # Tables split acronyms on spaces, so "UN Women" is written UN_Women there.
            organizations={
                org.acronym.replace(" ", "_"): org for org in Organization.objects.exclude(acronym="")
            },
            terms={(term.vocabulary, term.code): term for term in Term.objects.all()},
        )

    def term_list(self, vocabulary: str, codes: Iterable[str]) -> list[Term]:
        return [self.terms[(vocabulary, code)] for code in codes]

    def _existing(self, model: type[models.Model], lookup: dict) -> tuple[dict, tuple]:
        """The table's rows by the lookup's fields (read once), and the lookup's own key."""
        names = tuple(lookup)
        if (model, names) not in self._rows:
            attnames = [model._meta.get_field(name).attname for name in names]
            self._rows[(model, names)] = {
                tuple(getattr(row, attname) for attname in attnames): row for row in model.objects.all()
            }
        return self._rows[(model, names)], tuple(_raw(value) for value in lookup.values())

    def upsert(self, model: type[models.Model], lookup: dict, values: dict) -> models.Model:
        """Create or update one row, saving only what differs so a second run writes nothing."""
        rows, key = self._existing(model, lookup)
        instance = rows.get(key)
        if instance is None:
            self.written[f"{model.__name__} created"] += 1
            rows[key] = model.objects.create(**lookup, **values)
            return rows[key]
        attnames = {name: model._meta.get_field(name).attname for name in values}
        changed = [name for name, value in values.items() if getattr(instance, attnames[name]) != _raw(value)]
        if changed:
            for name in changed:
                setattr(instance, name, values[name])
            instance.save(update_fields=changed)
            self.written[f"{model.__name__} updated"] += 1
        return instance

    def insert_once(self, model: type[models.Model], lookup: dict, values: dict) -> models.Model:
        """Create an append-only row unless its natural key is already there; never update it."""
        rows, key = self._existing(model, lookup)
        if key not in rows:
            self.written[f"{model.__name__} created"] += 1
            rows[key] = model.objects.create(**lookup, **values)
        return rows[key]

    def set_links(self, instance: models.Model, name: str, targets: Iterable[models.Model]) -> None:
        """Make a many-to-many field hold exactly `targets`, touching it only when it differs."""
        targets = list(targets)
        field_ = instance._meta.get_field(name)
        if (type(instance), name) not in self._links:
            through = field_.remote_field.through
            source = through._meta.get_field(field_.m2m_field_name()).attname
            target = through._meta.get_field(field_.m2m_reverse_field_name()).attname
            links = defaultdict(set)
            for source_id, target_id in through.objects.values_list(source, target):
                links[source_id].add(target_id)
            self._links[(type(instance), name)] = links
        links = self._links[(type(instance), name)]
        wanted = {target.pk for target in targets}
        if links[instance.pk] != wanted:
            manager = getattr(instance, name)
            # A new row has no links yet: add() spares set()'s read of the current ones.
            if links[instance.pk]:
                manager.set(targets)
            else:
                manager.add(*targets)
            links[instance.pk] = wanted
            self.written[f"{type(instance).__name__}.{name} set"] += 1


def at_noon(day: dt.date) -> dt.datetime:
    """An aware timestamp for a date: reports and verifications are keyed on it, so it is fixed."""
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.UTC)


def month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month from `first`'s month to `last`'s, inclusive."""
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months
