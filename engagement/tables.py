"""List pages as tables (django-tables2): sortable columns, totals, and the list as CSV or XLSX.

Every list page builds a `ListTable` from the rows its filters leave and answers through
`table_response`: `?sort=` orders the rows, `?page=` pages them, and `?_export=csv` or
`?_export=xlsx` downloads exactly what the list shows (every page, the same filters and order,
the same columns, formulas defused as in the API's CSV).
"""

from __future__ import annotations

import django_tables2 as tables
from django.db.models import Count, Q
from django.http import HttpResponse
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tables2.export import TableExport
from tablib import Dataset

from engagement.exports import defuse_formula
from engagement.models import VNR_STAGES, VnrEngagement

PAGE_SIZE = 50
EXPORT_FORMATS = ("csv", "xlsx")
# A numeric column: right-aligned in its header, cells and footer total.
NUMBER_ATTRS = {"th": {"class": "num"}, "td": {"class": "num"}, "tf": {"class": "num"}}


class ListTable(tables.Table):
    """The site's list table: the shared template, a caption, and a row count in the footer."""

    caption = ""

    class Meta:
        template_name = "engagement/_table.html"
        attrs = {"class": "list-table"}
        empty_text = _("Nothing matches these filters.")


class ListExport(TableExport):
    """The table as tablib exports it, text defused as in the API's CSV, CSV with a BOM for Excel."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        rows = table.as_values(exclude_columns=exclude_columns)
        headers = next(rows)
        title = str(getattr(table, "caption", "") or "Export")[:31]
        defused = ([defuse_formula(value) for value in row] for row in rows)
        return Dataset(*defused, headers=headers, title=title)

    def export(self):
        content = super().export()
        return "\ufeff" + content if self.format == "csv" else content


def table_response(request, table: ListTable, *, filename: str) -> HttpResponse | None:
    """Sort and page `table` from the query string; answer the download when one is asked for.

    Returns the CSV or XLSX response for `?_export=csv|xlsx`, else None (the caller renders the
    page with the table configured).
    """
    tables.RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    export = request.GET.get("_export")
    if export in EXPORT_FORMATS:
        exporter = ListExport(export, table, exclude_columns=getattr(table, "export_exclude", ()))
        return exporter.response(f"{filename}.{export}")
    return None


# --- The VNR board ------------------------------------------------------------------------------


class VnrStageColumn(tables.Column):
    """One outreach stage: a tick button for staff (htmx), a mark for readers, "yes"/"no" in exports.

    Its footer counts the presenters that reached the stage among the rows the filters leave.
    """

    def __init__(self, stage: str, **kwargs):
        self.stage = stage
        self.label = capfirst(VnrEngagement._meta.get_field(stage).verbose_name)
        super().__init__(
            verbose_name=self.label,
            attrs={"th": {"class": "stage"}, "td": {"class": "stage"}, "tf": {"class": "num"}},
            footer=lambda table: table.stage_totals()[stage],
            **kwargs,
        )

    def render(self, value, record, table):
        context = {
            "engagement": record,
            "stage": self.stage,
            "stage_label": self.label,
            "done": value,
            "can_tick": table.can_tick,
            "csrf_token": table.csrf_token,
        }
        return get_template("engagement/_vnr_cell.html").render(context)

    def value(self, value):
        return gettext("yes") if value else gettext("no")


class VnrTable(ListTable):
    """One HLPF year's presenters with the stages reached; the footer counts each stage."""

    caption = _("Presenters and the outreach stages reached")
    presenter_name = tables.Column(verbose_name=_("Presenter"), footer=_("Total"))
    region = tables.Column(
        verbose_name=_("Region"), accessor="member_state__region__name", default="", orderable=True
    )
    outreach_sent = VnrStageColumn("outreach_sent")
    guidance_shared = VnrStageColumn("guidance_shared")
    meeting_held = VnrStageColumn("meeting_held")
    unct_mobilized = VnrStageColumn("unct_mobilized")
    vac_in_report = VnrStageColumn("vac_in_report")
    children_involved = VnrStageColumn("children_involved")
    remove = tables.Column(verbose_name=_("Remove"), empty_values=(), orderable=False)

    export_exclude = ("remove",)

    class Meta(ListTable.Meta):
        attrs = {"class": "list-table board"}
        order_by = ("presenter_name",)

    def __init__(self, data, *, can_tick: bool = False, csrf_token: str = "", **kwargs):
        self.can_tick = can_tick
        self.csrf_token = csrf_token
        self._stage_totals: dict[str, int] | None = None
        if not can_tick:
            kwargs["exclude"] = (*kwargs.get("exclude", ()), "remove")
        super().__init__(data, **kwargs)

    def stage_totals(self) -> dict[str, int]:
        """Presenters per stage among the filtered rows, in one query."""
        if self._stage_totals is None:
            self._stage_totals = self.data.data.aggregate(
                **{stage: Count("pk", filter=Q(**{stage: True})) for stage in VNR_STAGES}
            )
        return self._stage_totals

    def render_presenter_name(self, value, record):
        if record.member_state_id:
            url = reverse("state-detail", args=[record.member_state.iso3])
            return format_html('<a href="{}">{}</a>', url, value)
        return format_html('{} <span class="badge">{}</span>', value, gettext("organization"))

    def value_presenter_name(self, value):
        return value

    def render_remove(self, record):
        url = reverse("vnr-remove", args=[record.pk])
        label = gettext("Remove %(presenter)s") % {"presenter": record.presenter}
        return format_html('<a href="{}" aria-label="{}">{}</a>', url, label, gettext("Remove"))
