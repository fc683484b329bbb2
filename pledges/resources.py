"""CSV/XLSX import and export of pledges and Call-to-Action endorsements (django-import-export).

An import is all or nothing: every row is validated (widgets, then the model's full_clean with its
constraints) inside one transaction, and a single bad row rolls the whole file back.
"""

from __future__ import annotations

import datetime as dt
from decimal import InvalidOperation

import tablib
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from engagement.choices import Vocabulary
from engagement.exports import restore_formula
from engagement.history import IMPORT_ORIGIN, history_origin
from engagement.models import MemberState, Term
from pledges.models import MEASURABILITY_FIELDS, CtaEndorsement, Pledge
from pledges.selectors import pledge_smart_gaps
from pledges.services import pledge_create, pledge_update

SDG_SEPARATOR = ";"
# What an import may write on a pledge (attribute names: foreign keys as ids).
PLEDGE_WRITABLE = tuple(
    field.attname
    for field in Pledge._meta.concrete_fields
    if field.editable and not field.primary_key and field.name not in {"last_reported_at", "next_report_due"}
)


class StateWidget(widgets.ForeignKeyWidget):
    """A Member State by its ISO 3166 alpha-3 code; an unknown code is a field error."""

    def __init__(self, **kwargs):
        super().__init__(MemberState, field="iso3", **kwargs)

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip().upper()
        if not code:
            return None
        try:
            return self.model.objects.get(iso3=code)
        except MemberState.DoesNotExist:
            raise ValueError(_("Unknown ISO3 code “%(code)s”.") % {"code": code}) from None


class TermCodesWidget(widgets.ManyToManyWidget):
    """Terms of one vocabulary by code, `a;b;c`; an unknown code is a field error."""

    def __init__(self, vocabulary: str, **kwargs):
        super().__init__(Term, separator=SDG_SEPARATOR, field="code", **kwargs)
        self.vocabulary = vocabulary

    def clean(self, value, row=None, **kwargs):
        terms = Term.objects.filter(vocabulary=self.vocabulary)
        if value in (None, ""):
            return terms.none()
        codes = {code.strip() for code in str(value).split(self.separator) if code.strip()}
        found = terms.filter(code__in=codes)
        unknown = codes - {term.code for term in found}
        if unknown:
            raise ValueError(_("Unknown code(s): %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.separator.join(sorted(term.code for term in value.all()))


class IsoDateWidget(widgets.DateWidget):
    """An ISO 8601 date; spreadsheet date cells are accepted as they are."""

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):
            return value.date()
        try:
            return super().clean(value, row=row, **kwargs)
        except (TypeError, ValueError):
            raise ValueError(_("Enter a date as YYYY-MM-DD, not “%(value)s”.") % {"value": value}) from None


class StrictBooleanWidget(widgets.BooleanWidget):
    """1/0, true/false; anything else is a field error instead of a silent False."""

    def clean(self, value, row=None, **kwargs):
        if value not in self.NULL_VALUES + self.TRUE_VALUES + self.FALSE_VALUES:
            raise ValueError(_("Enter 1 or 0 (true or false), not “%(value)s”.") % {"value": value})
        return super().clean(value, row=row, **kwargs)


class StrictNumberMixin:
    """Text that is not a number is a field error, not a crash of the whole row."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (InvalidOperation, TypeError, ValueError):
            raise ValueError(_("Enter a number, not “%(value)s”.") % {"value": value}) from None


class StrictIntegerWidget(StrictNumberMixin, widgets.IntegerWidget):
    """A whole number."""


class StrictDecimalWidget(StrictNumberMixin, widgets.DecimalWidget):
    """A decimal number."""


WIDGET_FOR_FIELD = (
    (models.DateTimeField, widgets.DateTimeWidget),
    (models.DateField, IsoDateWidget),
    (models.BooleanField, StrictBooleanWidget),
    (models.DecimalField, StrictDecimalWidget),
    (models.IntegerField, StrictIntegerWidget),
)


def restored_formulas(dataset: tablib.Dataset) -> tablib.Dataset:
    """The file's text as it was before an export defused it (`restore_formula`), so what the
    exports write re-imports unchanged; a hand-made file's apostrophes stay."""
    rows = [tuple(restore_formula(value) for value in row) for row in dataset]
    return tablib.Dataset(*rows, headers=dataset.headers)


class AllOrNothingResource(resources.ModelResource):
    """A model resource whose import writes every row or none, with model validation on each."""

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        for field_class, widget_class in WIDGET_FOR_FIELD:
            if isinstance(f, field_class):
                return widget_class
        return super().widget_from_django_field(f, default=default)

    def import_data(self, dataset, **kwargs):
        # The admin's confirm step would otherwise keep the valid rows of a file with invalid ones.
        kwargs["rollback_on_validation_errors"] = True
        with history_origin(IMPORT_ORIGIN):  # the history says these rows came from an import
            return super().import_data(restored_formulas(dataset), **kwargs)

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            # A bad key (unknown ISO3...) is reported as that field's error by import_instance.
            return None

    def import_instance(self, instance, row, **kwargs):
        """Import the plain fields, then check the many-to-many ones, reporting every error at once."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        errors.update(self.row_errors(instance, row))
        if errors:
            raise ValidationError(errors)

    def row_errors(self, instance, row) -> dict[str, list[str]]:
        """Checks across columns of one row; subclasses add theirs."""
        return {}


class SmartGapsField(fields.Field):
    """Read-only column of SMART gap codes; export() serves both the export and the import preview."""

    def export(self, instance, **kwargs):
        if instance.pk is None:
            return ""
        return ";".join(pledge_smart_gaps(instance, timezone.localdate()))


class PledgeResource(AllOrNothingResource):
    """Pledges by ISO3 code; `id` (optional) updates an existing pledge, `m49` must match the State."""

    id = fields.Field(attribute="id", column_name="id", widget=StrictIntegerWidget())
    member_state = fields.Field(attribute="member_state", column_name="member_state", widget=StateWidget())
    m49 = fields.Field(attribute="member_state__m49", column_name="m49", readonly=True)
    sdg_targets = fields.Field(
        attribute="sdg_targets",
        column_name="sdg_targets",
        widget=TermCodesWidget(Vocabulary.SDG_TARGET),
    )
    next_report_due = fields.Field(
        attribute="next_report_due", column_name="next_report_due", widget=IsoDateWidget(), readonly=True
    )
    last_reported_at = fields.Field(
        attribute="last_reported_at",
        column_name="last_reported_at",
        widget=widgets.DateTimeWidget(),
        readonly=True,
    )
    # Guidance, not validation: the import preview shows what each row still lacks.
    smart_gaps = SmartGapsField(column_name="smart_gaps", readonly=True)

    class Meta:
        model = Pledge
        fields = (
            "id",
            "member_state",
            "m49",
            "origin",
            "made_on",
            "title",
            "description",
            "area",
            "sdg_targets",
            "target_date",
            "status",
            "progress",
            "visibility",
            "reporting_interval_days",
            *MEASURABILITY_FIELDS,
            "next_report_due",
            "last_reported_at",
            "smart_gaps",
        )
        export_order = fields
        import_id_fields = ["id"]
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return Pledge.objects.select_related("member_state").prefetch_related("sdg_targets")

    def get_or_init_instance(self, instance_loader, row):
        instance, new = super().get_or_init_instance(instance_loader, row)
        pledge_id = row.get("id")
        if new and pledge_id not in (None, ""):
            raise ValidationError({"id": [_("No pledge has id %(id)s.") % {"id": pledge_id}]})
        return instance, new

    def row_errors(self, instance, row) -> dict[str, list[str]]:
        m49 = row.get("m49")
        if m49 in (None, "") or not instance.member_state_id:
            return {}
        given = str(m49).strip().split(".")[0].zfill(3)  # spreadsheets turn "004" into 4 or 4.0
        if given != instance.member_state.m49:
            message = _("M49 code %(given)s is not that of %(iso3)s (%(m49)s).")
            values = {"given": m49, "iso3": instance.member_state.iso3, "m49": instance.member_state.m49}
            return {"m49": [message % values]}
        return {}

    def before_import(self, dataset, **kwargs):
        self.import_user = kwargs.get("user")

    def save_instance(self, instance, is_create, row, **kwargs):
        """Write through the pledge services, as the API does: same checks, report cycle and history."""
        sdg_targets = self.fields["sdg_targets"].clean(row) if "sdg_targets" in row else None
        if is_create:
            values = {name: getattr(instance, name) for name in PLEDGE_WRITABLE}
            saved = pledge_create(by=self.import_user, sdg_targets=sdg_targets or (), **values)
        else:
            stored = Pledge.objects.get(pk=instance.pk)
            changes = {
                name: getattr(instance, name)
                for name in PLEDGE_WRITABLE
                if getattr(instance, name) != getattr(stored, name)
            }
            if sdg_targets is not None:
                changes["sdg_targets"] = list(sdg_targets)
            saved = pledge_update(pledge=instance, by=self.import_user, changes=changes)
        instance.pk, instance.next_report_due = saved.pk, saved.next_report_due
        instance._state.adding = False

    def save_m2m(self, instance, row, **kwargs):
        """The services above already set the SDG targets."""


class CtaEndorsementResource(AllOrNothingResource):
    """Call-to-Action endorsements keyed by ISO3 code: one per State, so a State may appear once."""

    member_state = fields.Field(attribute="member_state", column_name="member_state", widget=StateWidget())

    class Meta:
        model = CtaEndorsement
        fields = ("member_state", "endorsed_on", "signatory_level", "signatory")
        export_order = fields
        import_id_fields = ["member_state"]
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return CtaEndorsement.objects.select_related("member_state")

    def before_import(self, dataset, **kwargs):
        self.states_seen: set[int] = set()

    def row_errors(self, instance, row) -> dict[str, list[str]]:
        state_id = instance.member_state_id
        if state_id is None:
            return {}
        if state_id in self.states_seen:
            message = _("%(iso3)s appears on more than one row; a State endorses the Call to Action once.")
            return {"member_state": [message % {"iso3": instance.member_state.iso3}]}
        self.states_seen.add(state_id)
        return {}
