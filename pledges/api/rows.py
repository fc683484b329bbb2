"""Serializer output without DRF's per-field machinery: the same JSON, a fraction of the cost.

DRF builds every field of a serializer once per serializer instance (per request), then walks
each row through each field's `get_attribute` and `to_representation`. On a page of 50 pledges
of 31 fields that was most of the request. `FastRepresentationMixin` compiles a plan once per
serializer class and field set, from unbound copies of the fields:

- a model column or annotation (char, integer, boolean, choice, date, date-time) is read with
  `getattr` and formatted as DRF formats it, when the value has the plain type DRF expects;
  any other value (missing, a callable, an enum, a naive date-time) goes through DRF itself;
- a method field calls the serializer's own `get_<name>` (it reads the context);
- a field whose output depends only on the value (decimals, foreign keys, many-to-manys of
  codes or ids) goes through its DRF methods on the unbound copy;
- anything else goes through the serializer's own bound field, exactly as DRF does.

tests/pledges/test_api_fast_representation.py compares the output with DRF's for every role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import ManyRelatedField, PKOnlyObject
from rest_framework.settings import ISO_8601, api_settings

from engagement.roles import is_staff

Reader = Callable[[Any], Any]
SKIP = object()  # the field is left out of the row (DRF's SkipField)
MISSING = object()

# Fields whose `get_attribute` and `to_representation` read neither `parent` nor `context`.
CONTEXT_FREE = (
    serializers.CharField,
    serializers.IntegerField,
    serializers.BigIntegerField,
    serializers.BooleanField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.DecimalField,
    serializers.FloatField,
    serializers.URLField,
    serializers.EmailField,
    serializers.PrimaryKeyRelatedField,
)


def _is_context_free(field: serializers.Field) -> bool:
    if isinstance(field, ManyRelatedField):
        # A subclass says so with `context_free = True`: its own methods read neither either.
        own = type(field) is ManyRelatedField or getattr(type(field), "context_free", False)
        return own and _is_context_free(field.child_relation)
    if isinstance(field, serializers.SlugRelatedField):
        return _inherits_output(field, serializers.SlugRelatedField) and "__" not in field.slug_field
    return type(field) in CONTEXT_FREE


def _inherits_output(field: serializers.Field, base: type) -> bool:
    """The field's class does not change how `base` reads and writes out a value."""
    kind = type(field)
    return kind.to_representation is base.to_representation and kind.get_attribute is base.get_attribute


def drf_reader(field: serializers.Field) -> Reader:
    """What `Serializer.to_representation` does with one field, for one row."""

    def read(instance):
        try:
            attribute = field.get_attribute(instance)
        except SkipField:
            return SKIP
        check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
        return None if check_for_none is None else field.to_representation(attribute)

    return read


def _column_reader(field: serializers.Field, plain: type, write: Callable[[Any], Any]) -> Reader:
    """`getattr` and `write` for values of exactly type `plain`; DRF for anything else."""
    name, fallback = field.source_attrs[0], drf_reader(field)

    def read(instance):
        value = getattr(instance, name, MISSING)
        if value is None:
            return None
        if type(value) is plain:
            return write(value)
        return fallback(instance)

    return read


def _iso(field: serializers.Field, setting: str | None) -> bool:
    output_format = getattr(field, "format", setting)
    return output_format is not None and output_format.lower() == ISO_8601


def _datetime_writer(field: serializers.DateTimeField) -> Callable[[Any], Any] | None:
    # DRF reads the current time zone per value; it does not change within one serializer's output.
    zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
    if zone is None or not _iso(field, api_settings.DATETIME_FORMAT):
        return None

    def write(value: dt.datetime):
        if value.utcoffset() is None:
            return field.to_representation(value)
        # `astimezone` to the value's own zone changes nothing (most values are already UTC).
        text = (value if value.tzinfo is zone else value.astimezone(zone)).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return write


def _column(field: serializers.Field) -> Reader | None:
    """A direct reader for a plain column or annotation, or None when DRF must read it."""
    kind = type(field)
    if len(field.source_attrs) != 1:
        return None
    if kind in (serializers.CharField, serializers.IntegerField, serializers.BooleanField):
        plain = {serializers.CharField: str, serializers.IntegerField: int}.get(kind, bool)
        return _column_reader(field, plain, lambda value: value)
    if kind is serializers.BigIntegerField and not getattr(
        field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING
    ):
        return _column_reader(field, int, lambda value: value)
    if kind is serializers.ChoiceField:
        values = field.choice_strings_to_values
        return _column_reader(field, str, lambda value: values.get(value, value) if value else value)
    if kind is serializers.DateField and _iso(field, api_settings.DATE_FORMAT):
        return _column_reader(field, dt.date, dt.date.isoformat)
    if kind is serializers.DateTimeField and (write := _datetime_writer(field)):
        return _column_reader(field, dt.datetime, write)
    return None


def _foreign_key(field: serializers.Field, model: type) -> Reader | None:
    """A foreign key's id column, read as `PKOnlyObject` reads it, when the source is a model field."""
    if type(field) is not serializers.PrimaryKeyRelatedField or field.pk_field is not None:
        return None
    if len(field.source_attrs) != 1:
        return None
    try:
        attname = model._meta.get_field(field.source_attrs[0]).attname
    except FieldDoesNotExist:
        return None
    fallback = drf_reader(field)

    def read(instance):
        value = getattr(instance, attname, MISSING)
        if value is None or type(value) is int:
            return value
        return fallback(instance)

    return read


def _slug(field: serializers.Field) -> Reader | None:
    """A related object's slug (`member_state` as its ISO3 code), read as SlugRelatedField reads it."""
    if not isinstance(field, serializers.SlugRelatedField) or len(field.source_attrs) != 1:
        return None
    name, slug, fallback = field.source_attrs[0], field.slug_field, drf_reader(field)

    def read(instance):
        related = getattr(instance, name, MISSING)
        if related is None:
            return None
        if isinstance(related, models.Model):
            return getattr(related, slug)
        return fallback(instance)

    return read


class Plan:
    """How to write each readable field of one serializer class with one field set."""

    def __init__(self, serializer: serializers.Serializer):
        self.model = getattr(getattr(serializer, "Meta", None), "model", None)
        self.entries: list[tuple[str, str, Any]] = []
        for name, bound in serializer.fields.items():
            if bound.write_only:
                continue
            if type(bound) is serializers.SerializerMethodField:
                self.entries.append((name, "method", bound.method_name))
            elif _is_context_free(bound):
                # A copy keeps no reference to the first request's serializer, context or user.
                field = bound.__deepcopy__({})
                field.bind(bound.field_name, serializers.Serializer())
                self.entries.append((name, "copy", field))
            else:
                self.entries.append((name, "bound", name))

    def readers(self, serializer: serializers.Serializer) -> list[tuple[str, Reader]]:
        """Readers for one serializer instance: its methods and, where needed, its bound fields."""
        readers = []
        for name, kind, target in self.entries:
            if kind == "method":
                reader = getattr(serializer, target)
            elif kind == "copy":
                reader = (
                    _column(target) or _foreign_key(target, self.model) or _slug(target) or drf_reader(target)
                )
            else:
                reader = drf_reader(serializer.fields[target])
            readers.append((name, reader))
        return readers


class FastRepresentationMixin:
    """`to_representation` from a plan compiled once per class: the same output as DRF's."""

    _plans: dict[Hashable, Plan]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._plans = {}

    def representation_key(self) -> Hashable:
        """What, besides the class, changes the field set: the caller's role, for staff-only fields."""
        if not getattr(self, "staff_only_fields", ()):
            return ()
        request = self.context.get("request")
        return request is not None and is_staff(request.user)

    def to_representation(self, instance):
        readers = self.__dict__.get("_readers")
        if readers is None:
            key = self.representation_key()
            plan = self._plans.get(key)
            if plan is None:
                plan = self._plans[key] = Plan(self)
            readers = self.__dict__["_readers"] = plan.readers(self)
        row = {}
        for name, read in readers:
            value = read(instance)
            if value is not SKIP:
                row[name] = value
        return row

    def drf_representation(self, instance) -> dict:
        """DRF's own output for `instance`, field by field: what the plan must reproduce."""
        return serializers.Serializer.to_representation(self, instance)


__all__ = ["FastRepresentationMixin", "drf_reader"]
