"""The meeting log and the follow-up actions as tables: sortable, totalled, downloadable."""

from __future__ import annotations

import datetime as dt

import django_tables2 as tables
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from engagement.tables import NUMBER_ATTRS, ListTable
from meetings.choices import FollowUpStatus
from meetings.models import FollowUpAction, Meeting


class MeetingTable(ListTable):
    """Meetings: date, title, kind, States, topics, and children engaged summed in the footer."""

    caption = _("Meetings")
    date = tables.DateColumn(verbose_name=_("Date"))
    title = tables.Column(
        verbose_name=_("Title"), linkify=("meeting-detail", [tables.A("pk")]), footer=_("Total")
    )
    kind = tables.Column(verbose_name=_("Kind"))
    member_states = tables.ManyToManyColumn(
        verbose_name=_("Member States"), transform=lambda state: state.local_name
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


class FollowUpTable(ListTable):
    """Follow-up actions: due date (overdue marked), title, what it is about, assignee, status.

    The footer counts the rows and the overdue ones; the Done / Reopen buttons stay off the download.
    """

    caption = _("Follow-up actions")
    export_exclude = ("actions",)
    due_date = tables.DateColumn(verbose_name=_("Due date"))
    title = tables.Column(verbose_name=_("Action"), footer=lambda table: table.totals_text())
    about = tables.Column(verbose_name=_("About"), empty_values=(), orderable=False, accessor="pk")
    assignee = tables.Column(
        verbose_name=_("Assignee"),
        order_by=("assignee__first_name", "assignee__last_name", "assignee__username"),
    )
    status = tables.Column(verbose_name=_("Status"))
    actions = tables.TemplateColumn(
        template_name="meetings/_follow_up_actions.html",
        verbose_name=_("Actions"),
        attrs={"td": {"class": "row-actions"}},
        orderable=False,
        empty_values=(),
        exclude_from_export=True,
    )

    class Meta(ListTable.Meta):
        model = FollowUpAction
        fields = ("due_date", "title", "about", "assignee", "status")
        order_by = ("due_date",)
        row_attrs = {"id": lambda record: f"follow-up-{record.pk}"}

    def __init__(self, *args, today: dt.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def totals_text(self) -> str:
        totals = self.data.data.aggregate(
            count=Count("pk"),
            overdue=Count("pk", filter=Q(status=FollowUpStatus.OPEN, due_date__lt=self.today)),
        )
        return gettext_now("%(count)s actions, %(overdue)s overdue") % totals

    def render_due_date(self, value, record):
        text = date_format(value, "DATE_FORMAT")
        if record.status == FollowUpStatus.OPEN and value < self.today:
            return format_html('<span class="overdue">{} ({})</span>', text, _("overdue"))
        return text

    def value_due_date(self, value):
        return value

    def render_title(self, value, record):
        return format_html('<a href="{}">{}</a>', reverse("follow-up-edit", args=[record.pk]), value)

    def value_title(self, value):
        return value

    def render_about(self, record):
        if record.meeting_id:
            return format_html(
                '<a href="{}">{}</a>',
                reverse("meeting-detail", args=[record.meeting_id]),
                record.meeting.title,
            )
        if record.visit_id:
            return format_html(
                '<a href="{}">{}</a>', reverse("visit-detail", args=[record.visit_id]), record.visit
            )
        if record.pledge_id:
            return format_html(
                '<a href="{}">{}</a>', reverse("pledge-detail", args=[record.pledge_id]), record.pledge.title
            )
        return "—"

    def value_about(self, record):
        if record.meeting_id:
            return record.meeting.title
        if record.pledge_id:
            return record.pledge.title
        return str(record.visit) if record.visit_id else ""

    def render_assignee(self, value):
        return value.get_full_name() or value.username

    def value_assignee(self, value):
        return value.get_full_name() or value.username
