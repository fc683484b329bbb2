"""List pages as tables (django-tables2): sortable columns, totals, and the list as CSV or XLSX.

Every list page builds a `ListTable` from the rows its filters leave and answers through
`table_response`: `?sort=` orders the rows, `?page=` pages them, and `?_export=csv` or
`?_export=xlsx` downloads exactly what the list shows (every page, the same filters and order,
the same columns, formulas defused as in the API's CSV).
"""

from __future__ import annotations

import django_tables2 as tables
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django_tables2.export import TableExport
from tablib import Dataset

from engagement.api.renderers import _defuse

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
        return Dataset(*([_defuse(value) for value in row] for row in rows), headers=headers, title=title)

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
