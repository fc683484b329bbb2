"""The meeting log as a table: sortable, totalled, downloadable."""

from __future__ import annotations

import django_tables2 as tables
from django.db.models import Sum
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from engagement.tables import NUMBER_ATTRS, ListTable
from meetings.models import Meeting


class MeetingTable(ListTable):
    """Meetings: date, title, kind, States, topics, and children engaged summed in the footer."""

    caption = _("Meetings")
    date = tables.DateColumn(verbose_name=_("Date"))
    title = tables.Column(
        verbose_name=_("Title"), linkify=("meeting-detail", [tables.A("pk")]), footer=_("Total")
    )
    kind = tables.Column(verbose_name=_("Kind"))
    member_states = tables.ManyToManyColumn(
        verbose_name=_("Member States"), transform=lambda state: state.name
    )
    topics = tables.ManyToManyColumn(verbose_name=_("Topics"), transform=lambda term: term.name)
    children_engaged = tables.Column(
        verbose_name=_("Children"),
        attrs=NUMBER_ATTRS,
        footer=lambda table: table.data.data.aggregate(total=Sum("children_engaged"))["total"] or 0,
    )

    class Meta(ListTable.Meta):
        model = Meeting
        fields = ("date", "title", "kind", "member_states", "topics", "children_engaged")
        order_by = ("-date",)

    def render_title(self, value, record):
        if record.chatham_house:
            return format_html('{} <span class="badge">{}</span>', value, _("Chatham House"))
        return value
