"""Change history as people read it: labels, choice labels, formatted values and who made each change.

The API keeps the machine's view of a history (field names, codes, ISO dates); the pages show
the same records through `readable_history`, whatever the model (pledges, meetings, visits...).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

# Writes made by django-import-export carry this prefix on their change reason, so the history
# can say "import" rather than name only the administrator who uploaded the file.
IMPORT_ORIGIN = "import"
_origin: ContextVar[str | None] = ContextVar("history_origin", default=None)
EMPTY = "—"


@contextlib.contextmanager
def history_origin(origin: str) -> Iterator[None]:
    """Mark every history row written inside the block as coming from `origin` (e.g. an import)."""
    token = _origin.set(origin)
    try:
        yield
    finally:
        _origin.reset(token)


def mark_history_origin(sender, history_instance, **kwargs) -> None:
    """`pre_create_historical_record` receiver: prefix the change reason with the write's origin."""
    origin = _origin.get()
    if origin is None:
        return
    reason = history_instance.history_change_reason or ""
    if not reason.startswith(origin):
        history_instance.history_change_reason = f"{origin}: {reason}" if reason else origin


@dataclass(frozen=True)
class ReadableChange:
    """One field's change: its label and its old and new values as words."""

    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class ReadableEntry:
    """One recorded save: when, by whom (a name, "import" or "system"), and what changed."""

    id: int
    at: dt.datetime
    by: str
    kind: str  # created, changed or deleted
    reason: str
    changes: list[ReadableChange] = field(default_factory=list)

    @property
    def created(self) -> bool:
        return self.kind == "created"


def person_name(user) -> str:
    """A user as pages name them: the full name, else the username."""
    return (user.get_full_name() or "").strip() or user.get_username()


def history_author(record) -> str:
    """Who made a change: the user's name, "import" (possibly by a user), or "system" (a task)."""
    imported = (record.history_change_reason or "").startswith(IMPORT_ORIGIN)
    if record.history_user is not None:
        name = person_name(record.history_user)
        return _("%(name)s (import)") % {"name": name} if imported else name
    return _("import") if imported else _("system")


def related_label(obj) -> str:
    """How a related row reads in a history: a person's name, an SDG target's code and title..."""
    if hasattr(obj, "history_label"):
        return obj.history_label
    if hasattr(obj, "get_full_name"):
        return person_name(obj)
    return str(obj)


def format_value(model_field: models.Field, value: Any, names: dict) -> str:
    """One stored value as words: choice labels, related names, dates and numbers localized."""
    if value in (None, "", []):
        return EMPTY
    if model_field.many_to_many:
        target = get_m2m_reverse_field_name(model_field)
        related = [names.get(row[target]) for row in value]
        related = [obj for obj in related if obj is not None]
        related.sort(key=lambda obj: getattr(obj, "sort_key", str(obj)))
        return "; ".join(related_label(obj) for obj in related) or EMPTY
    if model_field.is_relation:
        obj = names.get(value)
        return related_label(obj) if obj is not None else str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, int | float | decimal.Decimal):
        return formats.number_format(value, force_grouping=True)
    return str(value)


def _related_names(model: type[models.Model], records: Sequence, fields: Iterable[str]) -> dict[str, dict]:
    """The related rows a history names, one query per related model."""
    names: dict[str, dict] = {}
    for name in fields:
        model_field = model._meta.get_field(name)
        if model_field.many_to_many:
            related = model_field.related_model._default_manager.all()
        elif model_field.is_relation:
            ids = {getattr(record, model_field.attname) for record in records} - {None}
            related = model_field.related_model._default_manager.filter(pk__in=ids)
        else:
            continue
        names[name] = {obj.pk: obj for obj in related}
    return names


def _stored_value(record, model_field: models.Field):
    if model_field.many_to_many:
        target = get_m2m_reverse_field_name(model_field)
        return list(getattr(record, model_field.name).values(target))
    return getattr(record, model_field.attname)


def readable_history(records: Sequence, *, fields: Iterable[str]) -> list[ReadableEntry]:
    """History records of one object (oldest first) as readable entries, oldest first.

    Only `fields` are shown (the ones the reader may see); a save that changed none of them is
    left out. The first entry lists the values the object was recorded with.
    """
    if not records:
        return []
    model = records[0].instance_type
    tracked = {f.name for f in records[0].__class__.tracked_fields} | {
        f.name for f in getattr(records[0], "_history_m2m_fields", [])
    }
    fields = [name for name in fields if name in tracked]
    fields.sort(key=lambda name: _field_order(model, name))
    names = _related_names(model, records, fields)
    kinds = {"+": "created", "~": "changed", "-": "deleted"}
    entries, previous = [], None
    for record in records:
        changes = _changes(model, record, previous, fields, names)
        previous = record
        if changes or record.history_type != "~":
            entries.append(
                ReadableEntry(
                    id=record.history_id,
                    at=record.history_date,
                    by=history_author(record),
                    kind=kinds[record.history_type],
                    reason=record.history_change_reason or "",
                    changes=changes,
                )
            )
    return entries


def _field_order(model: type[models.Model], name: str) -> int:
    ordered = [f.name for f in model._meta.get_fields()]
    return ordered.index(name) if name in ordered else len(ordered)


def _changes(model, record, previous, fields: list[str], names: dict) -> list[ReadableChange]:
    result = []
    if previous is None:
        raw = [(name, None, _stored_value(record, model._meta.get_field(name))) for name in fields]
        raw = [(name, old, new) for name, old, new in raw if new not in (None, "", [])]
    else:
        delta = record.diff_against(previous, included_fields=fields)
        raw = [(change.field, change.old, change.new) for change in delta.changes]
        raw.sort(key=lambda change: fields.index(change[0]))
    for name, old, new in raw:
        model_field = model._meta.get_field(name)
        lookup = names.get(name, {})
        result.append(
            ReadableChange(
                field=name,
                label=str(model_field.verbose_name)[:1].upper() + str(model_field.verbose_name)[1:],
                old=format_value(model_field, old, lookup),
                new=format_value(model_field, new, lookup),
            )
        )
    return result
