"""The visit list as a table: sortable, totalled (visits and children met), downloadable."""

from __future__ import annotations

import django_tables2 as tables
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from engagement.tables import NUMBER_ATTRS, ListTable
from visits.models import CountryVisit


def _count_footer(table) -> str:
    count = table.data.data.count()
    return ngettext("Total: %(count)d visit", "Total: %(count)d visits", count) % {"count": count}


class VisitTable(ListTable):
    """Visits: State, dates, when, kind, status, owner, and children met summed in the footer."""

    caption = _("Country visits")
    member_state = tables.Column(
        verbose_name=_("Member State"),
        linkify=("visit-detail", [tables.A("pk")]),
        order_by=("member_state__name",),
        footer=_count_footer,
    )
    start_date = tables.DateColumn(
        verbose_name=_("Start"),
    )
    end_date = tables.DateColumn(
        verbose_name=_("End"),
    )
    when = tables.Column(verbose_name=_("When"), accessor="end_date", orderable=False)
    kind = tables.Column(verbose_name=_("Kind"))
    status = tables.Column(verbose_name=_("Status"))
    owner = tables.Column(verbose_name=_("Staff owner"), order_by=("owner__first_name", "owner__username"))
    children_met = tables.Column(
        verbose_name=_("Children met"),
        attrs=NUMBER_ATTRS,
        footer=lambda table: table.data.data.aggregate(total=Sum("children_met"))["total"] or 0,
    )

    class Meta(ListTable.Meta):
        model = CountryVisit
        fields = ("member_state", "start_date", "end_date", "when", "kind", "status", "owner", "children_met")

    def render_member_state(self, value) -> str:
        return value.local_name

    def value_member_state(self, value) -> str:
        return value.local_name

    def render_when(self, record) -> str:
        today = timezone.localdate()
        if record.end_date < today:
            return _("Past")
        return _("Under way") if record.start_date <= today else _("Upcoming")

    def value_when(self, record) -> str:
        return str(self.render_when(record))

    def render_owner(self, value) -> str:
        return value.get_full_name() or value.username

    def value_owner(self, value) -> str:
        return self.render_owner(value)
