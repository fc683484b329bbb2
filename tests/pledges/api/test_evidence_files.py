"""Evidence files on /api/v1/pledges/{id}/reports/: multipart upload, content sniffing, scoped download."""

from __future__ import annotations

import pytest
import requests
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from knox.models import AuthToken

from pledges.models import EvidenceFile, Pledge, ProgressReport
from pledges.services import pledge_report_progress
from pledges.signals import report_received
from tests.pledges.evidence_samples import (
    ELF_BYTES,
    MZ_BYTES,
    docx_bytes,
    minimal_pdf,
    odt_bytes,
    plain_zip_bytes,
    png_bytes,
    upload,
)

REPORT = {
    "status": "in_progress",
    "progress": 55,
    "narrative": "The plan was costed; the costing is attached.",
}
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def url(pledge) -> str:
    return f"/api/v1/pledges/{pledge.pk}/reports/"


def post_files(client, pledge, *files, **fields):
    return client.post(url(pledge), {**REPORT, **fields, "evidence_files": list(files)}, format="multipart")


def assert_nothing_written(pledge, media_root):
    assert not ProgressReport.objects.filter(pledge=pledge).exists()
    assert not EvidenceFile.objects.exists()
    assert stored_files(media_root) == []
    unchanged = Pledge.objects.get(pk=pledge.pk)
    assert (unchanged.progress, unchanged.last_reported_at) == (pledge.progress, None)


def test_a_real_pdf_is_stored_under_a_generated_name_and_listed(api, focal_ken, ken_public, media_root):
    response = post_files(api(focal_ken), ken_public, upload("Costing ../../etc/plan.pdf", minimal_pdf()))
    assert response.status_code == 201, response.content
    [listed] = response.json()["evidence_files"]
    evidence = EvidenceFile.objects.get()
    report_id = response.json()["id"]
    assert listed == {
        "name": "plan.pdf",
        "size": len(minimal_pdf()),
        "content_type": "application/pdf",
        "url": f"/api/v1/pledges/{ken_public.pk}/reports/{report_id}/files/{evidence.pk}/",
    }
    [path] = stored_files(media_root)
    assert path.read_bytes() == minimal_pdf()
    assert path.name != "plan.pdf"
    assert path.suffix == ".pdf"
    assert path.relative_to(media_root).parts[0] == "evidence"


def test_the_report_list_carries_each_reports_files(api, focal_ken, ken_public):
    post_files(api(focal_ken), ken_public, upload("a.pdf", minimal_pdf()), upload("b.png", png_bytes()))
    [report] = api(focal_ken).get(url(ken_public)).json()["results"]
    assert [(f["name"], f["content_type"]) for f in report["evidence_files"]] == [
        ("a.pdf", "application/pdf"),
        ("b.png", "image/png"),
    ]


@pytest.mark.parametrize(("header", "name"), [(ELF_BYTES, "elf"), (MZ_BYTES, "mz")])
def test_an_executable_renamed_pdf_is_refused_and_nothing_is_written(
    api, focal_ken, ken_public, media_root, header, name
):
    response = post_files(api(focal_ken), ken_public, upload(f"annual-report-{name}.pdf", header))
    assert response.status_code == 400
    [message] = response.json()["evidence_files"]
    assert f"annual-report-{name}.pdf" in message
    assert_nothing_written(ken_public, media_root)


def test_one_refused_file_refuses_the_good_ones_too(api, focal_ken, ken_public, media_root):
    response = post_files(
        api(focal_ken), ken_public, upload("good.pdf", minimal_pdf()), upload("bad.pdf", MZ_BYTES)
    )
    assert response.status_code == 400
    assert "bad.pdf" in response.json()["evidence_files"][0]
    assert_nothing_written(ken_public, media_root)


def test_the_type_comes_from_the_content_not_the_name_or_the_claimed_type(api, focal_ken, ken_public):
    response = post_files(api(focal_ken), ken_public, upload("scan.pdf", png_bytes(), "application/pdf"))
    assert response.status_code == 201
    assert response.json()["evidence_files"][0]["content_type"] == "image/png"
    assert EvidenceFile.objects.get().file.name.endswith(".png")


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (odt_bytes(), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_office_documents_are_recognised_from_their_zip_entries(
    api, focal_ken, ken_public, content, content_type
):
    response = post_files(api(focal_ken), ken_public, upload("document", content, "application/octet-stream"))
    assert response.status_code == 201, response.content
    assert response.json()["evidence_files"][0]["content_type"] == content_type


@pytest.mark.parametrize(
    "content",
    [plain_zip_bytes(), docx_bytes("application/vnd.ms-word.document.macroEnabled.main+xml")],
    ids=["zip-renamed-docx", "macro-enabled-docm"],
)
def test_a_zip_that_is_not_an_accepted_document_is_refused(api, focal_ken, ken_public, media_root, content):
    response = post_files(api(focal_ken), ken_public, upload("minutes.docx", content))
    assert response.status_code == 400
    assert "minutes.docx" in response.json()["evidence_files"][0]
    assert_nothing_written(ken_public, media_root)


def test_a_sixth_file_is_refused(api, focal_ken, ken_public, media_root):
    files = [upload(f"part-{n}.pdf", minimal_pdf(f"part {n}")) for n in range(6)]
    response = post_files(api(focal_ken), ken_public, *files)
    assert response.status_code == 400
    assert "at most 5 files" in response.json()["evidence_files"][0]
    assert_nothing_written(ken_public, media_root)


def test_five_files_are_accepted(api, focal_ken, ken_public):
    files = [upload(f"part-{n}.pdf", minimal_pdf(f"part {n}")) for n in range(5)]
    assert post_files(api(focal_ken), ken_public, *files).status_code == 201
    assert EvidenceFile.objects.count() == 5


@override_settings(EVIDENCE_MAX_FILE_SIZE=2000)
def test_a_file_over_the_size_limit_is_refused(api, focal_ken, ken_public, media_root):
    big = minimal_pdf() + b"%" + b"x" * 2000
    response = post_files(api(focal_ken), ken_public, upload("big.pdf", big))
    assert response.status_code == 400
    assert "big.pdf" in response.json()["evidence_files"][0]
    assert_nothing_written(ken_public, media_root)


def test_the_default_limit_is_20_mb_a_file(api, focal_ken, ken_public, media_root, settings):
    assert (settings.EVIDENCE_MAX_FILES, settings.EVIDENCE_MAX_FILE_SIZE) == (5, 20 * MB)
    # Django's own limits must let five such files through to the report's checks.
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES >= 6
    pdf = minimal_pdf()
    over = upload("over.pdf", pdf + b"%" * (20 * MB + 1 - len(pdf)))
    response = post_files(api(focal_ken), ken_public, over)
    assert response.status_code == 400
    assert "over.pdf" in response.json()["evidence_files"][0]
    assert_nothing_written(ken_public, media_root)
    exact = upload("exact.pdf", pdf + b"%" * (20 * MB - len(pdf)))
    assert post_files(api(focal_ken), ken_public, exact).status_code == 201


def test_a_failure_after_storing_deletes_the_stored_files(api, focal_ken, ken_public, media_root):
    def fail(**kwargs):
        raise RuntimeError("the mail queue is down")

    report_received.connect(fail, dispatch_uid="test-fail")
    try:
        with pytest.raises(RuntimeError):
            post_files(api(focal_ken), ken_public, upload("a.pdf", minimal_pdf()))
    finally:
        report_received.disconnect(dispatch_uid="test-fail")
    assert_nothing_written(ken_public, media_root)


def test_json_reports_work_unchanged_with_no_files(api, focal_ken, ken_public):
    response = api(focal_ken).post(url(ken_public), REPORT, format="json")
    assert response.status_code == 201
    assert response.json()["evidence_files"] == []


def test_the_same_report_with_the_same_file_twice_is_a_duplicate(api, focal_ken, ken_public):
    client = api(focal_ken)
    assert post_files(client, ken_public, upload("a.pdf", minimal_pdf())).status_code == 201
    assert post_files(client, ken_public, upload("a.pdf", minimal_pdf())).status_code == 409
    assert post_files(client, ken_public, upload("b.pdf", minimal_pdf("other"))).status_code == 201


# --- Download ------------------------------------------------------------------------------------


@pytest.fixture
def ken_file(api, focal_ken, ken_public):
    response = post_files(api(focal_ken), ken_public, upload("plan.pdf", minimal_pdf()))
    return response.json()["evidence_files"][0]["url"]


def test_the_author_downloads_the_file_as_an_attachment(api, focal_ken, ken_file):
    response = api(focal_ken).get(ken_file)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == minimal_pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename=\"plan.pdf\"; filename*=UTF-8''plan.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_file_answers_any_accept_header(api, focal_ken, ken_file):
    assert api(focal_ken).get(ken_file, HTTP_ACCEPT="application/pdf").status_code == 200


@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", 401), ("focal_fji", 404), ("viewer", 200), ("staff", 200)]
)
def test_the_file_has_its_reports_scope(api, cast, ken_file, role, expected):
    assert api(cast[role]).get(ken_file).status_code == expected


def test_an_internal_pledges_file_is_not_found_for_viewers(api, focal_ken, viewer, ken_internal):
    response = post_files(api(focal_ken), ken_internal, upload("plan.pdf", minimal_pdf()))
    file_url = response.json()["evidence_files"][0]["url"]
    assert api(viewer).get(file_url).status_code == 404
    assert api(focal_ken).get(file_url).status_code == 200


def test_a_file_is_found_only_under_its_own_report(api, focal_ken, ken_public, ken_file):
    other = post_files(api(focal_ken), ken_public, upload("b.pdf", minimal_pdf("b"))).json()
    file_id = ken_file.rstrip("/").rsplit("/", 1)[1]
    assert api(focal_ken).get(f"{url(ken_public)}{other['id']}/files/{file_id}/").status_code == 404


def test_a_nasty_file_name_cannot_break_the_header(api, focal_ken, ken_public):
    # Through the service: no multipart encoder would carry these bytes in a part's header.
    nasty = 'évidence"; filename=x.exe\r\nSet-Cookie: a=1;\x00\u202e.pdf'
    report = pledge_report_progress(
        pledge=ken_public, by=focal_ken, evidence_files=[upload(nasty, minimal_pdf())], **REPORT
    )
    evidence = report.evidence_files.get()
    download = api(focal_ken).get(f"{url(ken_public)}{report.pk}/files/{evidence.pk}/")
    assert download.status_code == 200
    disposition = download["Content-Disposition"]
    assert "\r" not in disposition
    assert "\n" not in disposition
    assert "Set-Cookie" not in download.headers
    fallback, encoded = disposition.removeprefix('attachment; filename="').split("\"; filename*=UTF-8''", 1)
    assert fallback == "_vidence__ filename=x.exeSet-Cookie: a=1_.pdf"
    assert encoded == "%C3%A9vidence%22%3B%20filename%3Dx.exeSet-Cookie%3A%20a%3D1%3B.pdf"


# --- The database keeps files append-only --------------------------------------------------------


def test_evidence_rows_are_append_only_in_the_database(api, focal_ken, ken_public, ken_file):
    evidence = EvidenceFile.objects.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        EvidenceFile.objects.filter(pk=evidence.pk).update(name="forged.pdf")
    if connection.vendor != "sqlite":  # SQLite refuses updates only (pledges/migrations/0002)
        with pytest.raises(DatabaseError), transaction.atomic():
            EvidenceFile.objects.filter(pk=evidence.pk)._raw_delete(EvidenceFile.objects.db)
    assert EvidenceFile.objects.get().name == "plan.pdf"


# --- A real HTTP request and the schema -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_multipart_upload_through_the_live_server_with_a_token(
    live_server, reference_data, ken_public, focal_ken
):
    _, key = AuthToken.objects.create(focal_ken)
    headers = {"Authorization": f"Token {key}"}
    response = requests.post(
        f"{live_server.url}{url(ken_public)}",
        data=REPORT,
        files=[("evidence_files", ("plan.pdf", minimal_pdf(), "application/pdf"))],
        headers=headers,
        timeout=30,
    )
    assert response.status_code == 201, response.text
    file_url = response.json()["evidence_files"][0]["url"]
    download = requests.get(f"{live_server.url}{file_url}", headers=headers, timeout=30)
    assert (download.status_code, download.content) == (200, minimal_pdf())
    assert requests.get(f"{live_server.url}{file_url}", timeout=30).status_code == 401


def test_the_schema_documents_multipart_uploads_and_the_file_endpoint(api):
    schema = api().get("/api/schema/", {"format": "json"}).json()
    create = schema["paths"]["/api/v1/pledges/{pledge_pk}/reports/"]["post"]["requestBody"]["content"]
    assert "evidence_files" not in _properties(schema, create["application/json"]["schema"])
    files = _properties(schema, create["multipart/form-data"]["schema"])["evidence_files"]
    assert files["items"] == {"type": "string", "format": "binary"}
    download = "/api/v1/pledges/{pledge_pk}/reports/{id}/files/{file_pk}/"
    assert "application/octet-stream" in schema["paths"][download]["get"]["responses"]["200"]["content"]


def _properties(schema: dict, ref: dict) -> dict:
    return schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]["properties"]
