"""The pledges app's lists as tables: sortable, totalled, downloadable (engagement.tables.ListTable)."""

from __future__ import annotations

import django_tables2 as tables
from django.db.models import Avg, Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from engagement.tables import NUMBER_ATTRS, ListTable
from pledges.choices import Milestone, NationalPlanStatus, PledgeStatus, SignatoryLevel, Visibility
from pledges.models import Pledge
from pledges.selectors import pledge_is_stale, pledge_missed_cycles

# --- Pledges ------------------------------------------------------------------------------------


class PledgeTable(ListTable):
    """Pledges: title, State, area, status, progress, dates, visibility; totals per status in the footer."""

    caption = _("Pledges")
    title = tables.Column(
        verbose_name=_("Pledge"),
        linkify=("pledge-detail", [tables.A("pk")]),
        footer=lambda table: table.totals_label(),
    )
    member_state = tables.Column(
        verbose_name=_("Member State"),
        accessor="member_state__local_name",
        order_by=("member_state__name", "pk"),
    )
    area = tables.Column(verbose_name=_("Area"))
    status = tables.Column(verbose_name=_("Status"), footer=lambda table: table.status_totals())
    progress = tables.Column(
        verbose_name=_("Progress"), attrs=NUMBER_ATTRS, footer=lambda table: table.average_progress()
    )
    target_date = tables.DateColumn(verbose_name=_("Target date"), default="—")
    next_report_due = tables.DateColumn(verbose_name=_("Next report due"), default="—")
    visibility = tables.Column(verbose_name=_("Visibility"))

    class Meta(ListTable.Meta):
        model = Pledge
        fields = (
            "title",
            "member_state",
            "area",
            "status",
            "progress",
            "target_date",
            "next_report_due",
            "visibility",
        )
        order_by = ("-made_on",)

    def __init__(self, data, **kwargs):
        super().__init__(data, **kwargs)
        self.today = timezone.localdate()
        self._totals: dict | None = None

    def totals(self) -> dict:
        """Count, average progress and count per status of the filtered rows, in one query."""
        if self._totals is None:
            self._totals = self.data.data.order_by().aggregate(
                count=Count("pk"),
                average=Avg("progress"),
                **{status: Count("pk", filter=Q(status=status)) for status in PledgeStatus.values},
            )
        return self._totals

    def totals_label(self) -> str:
        return gettext("Total: %(count)s") % {"count": self.totals()["count"]}

    def status_totals(self) -> str:
        totals = self.totals()
        return "; ".join(
            f"{status.label} {totals[status.value]}" for status in PledgeStatus if totals[status.value]
        )

    def average_progress(self) -> str:
        average = self.totals()["average"]
        return "—" if average is None else gettext("average %(value)s %%") % {"value": round(average)}

    def render_title(self, value, record):
        # The staleness rule of one pledge, computed from its own fields: no query per row.
        if not pledge_is_stale(record, self.today):
            return value
        record.missed_cycles = pledge_missed_cycles(record, self.today)
        return format_html("{} {}", value, render_to_string("pledges/_stale_badge.html", {"pledge": record}))

    def value_title(self, value):
        return value

    def value_status(self, value):
        return value

    def value_visibility(self, value):
        return value

    def render_status(self, value, record):
        return format_html('<span class="badge status-{}">{}</span>', record.status, value)

    def render_progress(self, value):
        return f"{value} %"

    def value_progress(self, value):
        return value

    def render_visibility(self, value, record):
        if record.visibility == Visibility.PUBLIC:
            return value
        return format_html('<span class="badge internal">{}</span>', value)


# --- Call-to-Action endorsements ----------------------------------------------------------------


def _edit_link(url: str, name: str):
    label = gettext("Edit %(name)s") % {"name": name}
    return format_html('<a href="{}" aria-label="{}">{}</a>', url, label, gettext("Edit"))


def state_column() -> tables.Column:
    """The State by its name in the reader's language; sorted in SQL by the reference name."""
    return tables.Column(
        verbose_name=_("Member State"),
        accessor="member_state__local_name",
        order_by=("member_state__name",),
        footer=_("Total"),
    )


def region_column() -> tables.Column:
    """The State's region by its name in the reader's language."""
    return tables.Column(
        verbose_name=_("Region"),
        accessor="member_state__region__local_name",
        order_by=("member_state__region__name",),
    )


class EndorsementTable(ListTable):
    """Endorsements of the Bogota Call to Action; the footer counts the States and each level."""

    caption = _("Call-to-Action endorsements")
    member_state = state_column()
    region = region_column()
    endorsed_on = tables.DateColumn(
        verbose_name=_("Endorsed on"), footer=lambda table: table.totals()["states"]
    )
    signatory_level = tables.Column(
        verbose_name=_("Signatory level"), footer=lambda table: table.totals()["levels"]
    )
    signatory = tables.Column(verbose_name=_("Signatory"), default="")
    edit = tables.Column(verbose_name=_("Edit"), empty_values=(), orderable=False)

    export_exclude = ("edit",)

    class Meta(ListTable.Meta):
        order_by = ("endorsed_on",)

    def __init__(self, data, *, can_edit: bool = False, **kwargs):
        self._totals: dict | None = None
        if not can_edit:
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "edit")
        super().__init__(data, **kwargs)

    def totals(self) -> dict:
        """How many States endorsed, and how many at each signatory level, among the filtered rows."""
        if self._totals is None:
            counts = dict(
                self.data.data.order_by()
                .values_list("signatory_level")
                .annotate(count=Count("pk"))
                .values_list("signatory_level", "count")
            )
            levels = "; ".join(
                f"{label}: {counts[value]}" for value, label in SignatoryLevel.choices if counts.get(value)
            )
            self._totals = {"states": sum(counts.values()), "levels": levels}
        return self._totals

    def render_member_state(self, value, record):
        url = reverse("state-detail", args=[record.member_state.iso3])
        return format_html('<a href="{}">{}</a>', url, value)

    def value_member_state(self, value):
        return value

    def render_edit(self, record):
        return _edit_link(reverse("endorsement-edit", args=[record.pk]), record.member_state.local_name)


# --- Pathfinding Global Alliance ----------------------------------------------------------------


class AllianceTable(ListTable):
    """Alliance members with their national plan and milestones; the footer sums the milestones.

    Reads the annotations of `pledges.selectors.memberships_with_milestone_counts`.
    """

    caption = _("Pathfinding Global Alliance members")
    member_state = state_column()
    region = region_column()
    joined_on = tables.DateColumn(verbose_name=_("Joined on"))
    status = tables.Column(verbose_name=_("Status"))
    national_plan_status = tables.Column(
        verbose_name=_("National plan"), footer=lambda table: table.totals()["adopted"]
    )
    milestones_done = tables.Column(
        verbose_name=_("Milestones done"),
        attrs=NUMBER_ATTRS,
        footer=lambda table: table.totals()["done"],
    )
    milestones_overdue = tables.Column(
        verbose_name=_("Milestones overdue"),
        attrs=NUMBER_ATTRS,
        footer=lambda table: table.totals()["overdue"],
    )
    edit = tables.Column(verbose_name=_("Edit"), empty_values=(), orderable=False)

    export_exclude = ("edit",)

    class Meta(ListTable.Meta):
        order_by = ("member_state",)

    def __init__(self, data, *, can_edit: bool = False, **kwargs):
        self._totals: dict | None = None
        if not can_edit:
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "edit")
        super().__init__(data, **kwargs)

    def totals(self) -> dict:
        """Milestones done and overdue, and national plans adopted, among the filtered rows (one query)."""
        if self._totals is None:
            rows = list(
                self.data.data.values_list("milestones_done", "milestones_overdue", "national_plan_status")
            )
            adopted = sum(1 for row in rows if row[2] == NationalPlanStatus.ADOPTED)
            self._totals = {
                "done": sum(row[0] for row in rows),
                "overdue": sum(row[1] for row in rows),
                "adopted": gettext("%(count)d adopted") % {"count": adopted},
            }
        return self._totals

    def render_member_state(self, value, record):
        url = reverse("state-detail", args=[record.member_state.iso3]) + "#milestones"
        return format_html('<a href="{}">{}</a>', url, value)

    def value_member_state(self, value):
        return value

    def render_milestones_done(self, value, record):
        label = gettext("Milestones done by %(state)s") % {"state": record.member_state.local_name}
        return format_html(
            '<progress max="{}" value="{}" aria-label="{}"></progress> {}/{}',
            len(Milestone),
            value,
            label,
            value,
            len(Milestone),
        )

    def value_milestones_done(self, value):
        return value

    def render_milestones_overdue(self, value):
        if value:
            return format_html('<span class="overdue">{}</span>', value)
        return value

    def value_milestones_overdue(self, value):
        return value

    def render_edit(self, record):
        return _edit_link(
            reverse("alliance-edit", args=[record.member_state.iso3]), record.member_state.local_name
        )
