"""Evidence files on the pages: the report form uploads them, the timeline lists them, the app serves them."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from pledges.models import EvidenceFile, ProgressReport
from pledges.services import pledge_report_progress
from tests.factories import PledgeFactory, state
from tests.pledges.evidence_samples import MZ_BYTES, minimal_pdf, png_bytes, upload

REPORT = {"status": "in_progress", "progress": 45, "narrative": "The costing is attached."}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def pledge(reference_data):
    return PledgeFactory(title="Costed national plan", member_state=state("KEN"), visibility="internal")


def report_url(pledge) -> str:
    return f"/pledges/{pledge.pk}/report/"


def file_url(evidence) -> str:
    return f"/pledges/{evidence.report.pledge_id}/reports/{evidence.report_id}/files/{evidence.pk}/"


@pytest.fixture
def evidence(pledge, focal_ken):
    report = pledge_report_progress(
        pledge=pledge, by=focal_ken, evidence_files=[upload("Costing 2025.pdf", minimal_pdf())], **REPORT
    )
    return report.evidence_files.get()


def test_the_form_posts_multipart_with_a_multiple_file_input_and_its_limits(web, focal_ken, pledge):
    page = web(focal_ken).get(report_url(pledge)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    [field] = re.findall(r'<input[^>]*name="evidence_files"[^>]*>', page)
    assert 'type="file"' in field
    assert "multiple" in field
    assert "application/pdf" in field
    assert "Up to 5 files of at most 20.0\xa0MB each" in page


def test_a_focal_point_attaches_a_pdf_and_the_timeline_lists_it(web, focal_ken, pledge, media_root):
    client = web(focal_ken)
    response = client.post(
        report_url(pledge), {**REPORT, "evidence_files": [upload("Costing.pdf", minimal_pdf())]}
    )
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    page = client.get(f"/pledges/{pledge.pk}/").content.decode()
    assert f'href="{file_url(evidence)}"' in page
    assert "Costing.pdf" in page
    assert "(PDF, " in page


def test_two_files_at_once_are_both_kept(web, focal_ken, pledge):
    files = [upload("a.pdf", minimal_pdf()), upload("b.png", png_bytes(), "image/png")]
    web(focal_ken).post(report_url(pledge), {**REPORT, "evidence_files": files})
    assert sorted(EvidenceFile.objects.values_list("name", flat=True)) == ["a.pdf", "b.png"]


def test_an_executable_renamed_pdf_is_refused_in_the_error_summary(web, focal_ken, pledge, media_root):
    response = web(focal_ken).post(
        report_url(pledge), {**REPORT, "evidence_files": [upload("plan.pdf", MZ_BYTES)]}
    )
    assert response.status_code == 200
    page = response.content.decode()
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    assert "“plan.pdf” was refused" in summary
    assert not ProgressReport.objects.exists()
    assert not EvidenceFile.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


@override_settings(EVIDENCE_MAX_FILE_SIZE=1000)
def test_an_oversized_file_is_refused_on_the_form(web, focal_ken, pledge):
    big = upload("big.pdf", minimal_pdf() + b"%" * 1000)
    response = web(focal_ken).post(report_url(pledge), {**REPORT, "evidence_files": [big]})
    assert "“big.pdf” is" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_sixth_file_is_refused_on_the_form(web, focal_ken, pledge):
    files = [upload(f"{n}.pdf", minimal_pdf(str(n))) for n in range(6)]
    response = web(focal_ken).post(report_url(pledge), {**REPORT, "evidence_files": files})
    assert "at most 5 files" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_the_page_route_serves_the_file_as_an_attachment(web, focal_ken, evidence):
    response = web(focal_ken).get(file_url(evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == minimal_pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Costing 2025.pdf\"; filename*=UTF-8''Costing%202025.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_another_states_focal_point_gets_a_404(web, focal_fji, evidence):
    assert web(focal_fji).get(file_url(evidence)).status_code == 404


def test_a_viewer_gets_a_404_on_an_internal_pledges_file(web, viewer, evidence):
    assert web(viewer).get(file_url(evidence)).status_code == 404


def test_anonymous_is_sent_to_sign_in(web, evidence):
    response = web().get(file_url(evidence))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/") or "login" in response["Location"]


def test_a_wrong_pledge_in_the_path_is_not_found(web, staff, focal_ken, evidence, reference_data):
    other = PledgeFactory(member_state=state("KEN"))
    path = f"/pledges/{other.pk}/reports/{evidence.report_id}/files/{evidence.pk}/"
    assert web(staff).get(path).status_code == 404


def test_there_is_no_public_media_route(web, staff, evidence):
    assert web(staff).get(f"/media/{evidence.file.name}").status_code == 404


def test_the_timeline_reads_every_reports_files_in_one_query(web, staff, focal_ken, pledge):
    # The page's other reads (its history) are pinned elsewhere; here only the files are counted.
    for n in range(3):
        pledge_report_progress(
            pledge=pledge,
            by=focal_ken,
            evidence_files=[upload(f"{n}.pdf", minimal_pdf(str(n))), upload(f"{n}.png", png_bytes())],
            **{**REPORT, "progress": 50 + n},
        )
    with CaptureQueriesContext(connection) as queries:
        page = web(staff).get(f"/pledges/{pledge.pk}/").content.decode()
    assert page.count('class="evidence-files"') == 3
    assert len([q for q in queries.captured_queries if "pledges_evidencefile" in q["sql"]]) == 1


def test_the_next_report_form_lists_the_last_reports_files(web, focal_ken, pledge, evidence):
    page = web(focal_ken).get(report_url(pledge)).content.decode()
    last = page[page.index('id="last-report"') :]
    assert file_url(evidence) in last[: last.index("</div>")]
