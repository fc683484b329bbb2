"""Key performance indicators: yearly targets, and monthly values for the ones entered by hand."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from engagement.choices import IndicatorSource


class Indicator(models.Model):
    """One key figure the office tracks monthly against a yearly target."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=IndicatorSource.choices)
    yearly_target = models.PositiveIntegerField(_("default yearly target"), default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(models.Model):
    """The target of an indicator for one year, when it differs from the default."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.PositiveIntegerField(_("target"))

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.target}"


class IndicatorValue(models.Model):
    """A manually entered monthly value; `month` is the first day of the month."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    month = models.DateField(_("month"))
    value = models.PositiveIntegerField(_("value"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "month"]
        verbose_name = _("monthly indicator value")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "month"], name="indicator_value_per_month"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="indicator_value_not_negative"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="indicator_value_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.month:%Y-%m}: {self.value}"
