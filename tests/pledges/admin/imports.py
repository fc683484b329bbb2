"""Drive the admin importer and exporter through their URLs, as a member of staff would."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

CSV_FORMAT, XLSX_FORMAT = "0", "1"  # the order of PledgeAdmin.formats


def csv_upload(header: list[str], rows: list[list], name: str = "pledges.csv") -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(), content_type="text/csv")


def xlsx_upload(header: list[str], rows: list[list], name: str = "pledges.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile(name, content.getvalue(), content_type="application/vnd.ms-excel")


def preview(client, model: str, upload: SimpleUploadedFile, file_format: str = CSV_FORMAT):
    """Upload a file: import-export's dry run, whose page shows the rows or their errors."""
    return client.post(
        reverse(f"admin:pledges_{model}_import"),
        {"resource": "0", "format": file_format, "import_file": upload},
    )


def confirm(client, model: str, preview_response):
    """Confirm a clean preview: the real import."""
    form = preview_response.context["confirm_form"]
    return client.post(reverse(f"admin:pledges_{model}_process_import"), form.initial)


def invalid_fields(preview_response) -> dict[int, set[str]]:
    """Row number -> the names of its fields in error ('__all__' for row-wide errors)."""
    result = preview_response.context["result"]
    return {row.number: set(row.error_dict) for row in result.invalid_rows}


def export_csv(client, model: str, resource_name: str) -> bytes:
    """Export every row as CSV through the admin's export form, with every column selected."""
    url = reverse(f"admin:pledges_{model}_export")
    form = client.get(url).context["form"]
    data = {"resource": "0", "format": CSV_FORMAT}
    data.update({name: "on" for name in form.fields if name.startswith(resource_name.lower() + "_")})
    response = client.post(url, data)
    assert response.status_code == 200, response.content[:500]
    return response.content


def reimport_export(client, model: str, resource_name: str) -> dict[str, int]:
    """Export every row, import the file back (preview, then confirm); the preview's row totals."""
    exported = export_csv(client, model, resource_name)
    response = preview(client, model, SimpleUploadedFile("export.csv", exported, content_type="text/csv"))
    confirm(client, model, response)
    return dict(response.context["result"].totals)
