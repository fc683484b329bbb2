"""The drafts of meetings read from e-mail: /meetings/drafts/, confirming one, discarding one, their files."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.models import DraftAttachment, Meeting, MeetingDraft
from meetings.services import meeting_draft_confirm, meeting_draft_discard, meeting_draft_receive
from tests.factories import OrganizationFactory, StaffFactory, state

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def make_draft(sender, *, title="Bilateral with Kenya", states=("KEN",), organizations=(), files=0, **fields):
    draft = MeetingDraft.objects.create(
        sender=sender,
        message_id=fields.pop("message_id", f"{title}-{MeetingDraft.objects.count()}@example.org"),
        date=fields.pop("date", dt.date(2025, 2, 27)),
        title=title,
        summary=fields.pop("summary", "We discussed the costed national action plan."),
        participants="Jane Doe <jane@health.go.ke>",
        **fields,
    )
    draft.member_states.set([state(iso3) for iso3 in states])
    draft.organizations.set(organizations)
    for index in range(files):
        attachment = DraftAttachment(draft=draft, name=f"Agenda {index}.pdf", content_type="application/pdf")
        attachment.file.save(f"draft-{draft.pk}-{index}.pdf", ContentFile(PDF), save=False)
        attachment.size = len(PDF)
        attachment.save()
    return draft


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def bruno(reference_data):
    """Another staff member."""
    return StaffFactory(username="bruno", first_name="Bruno")


def confirm_data(**overrides) -> dict:
    data = {
        "date": "2025-02-26",
        "title": "Bilateral with Kenya on the action plan",
        "kind": "bilateral",
        "mode": "online",
        "level": "ministerial",
        "member_states": ["KEN", "FJI"],
        "topics": ["investment_case"],
        "summary": "Corrected account.",
        "children_engaged": "0",
        "follow_ups-TOTAL_FORMS": "2",
        "follow_ups-INITIAL_FORMS": "0",
        "follow_ups-MIN_NUM_FORMS": "0",
        "follow_ups-MAX_NUM_FORMS": "20",
    }
    data.update(overrides)
    return data


def test_the_list_shows_only_the_callers_waiting_drafts(web, staff, bruno):
    unicef = OrganizationFactory(name="UNICEF")
    mine = make_draft(staff, title="Bilateral with Kenya", organizations=[unicef], files=1)
    make_draft(bruno, title="Bruno's roundtable")
    make_draft(staff, title="Already logged", confirmed_at=timezone.now())
    make_draft(staff, title="Thrown away", discarded_at=timezone.now())
    page = web(staff).get("/meetings/drafts/").content.decode()
    assert f'href="/meetings/drafts/{mine.pk}/"' in page
    assert "Bilateral with Kenya" in page
    assert "Kenya" in page
    assert "UNICEF" in page
    assert f'href="/meetings/drafts/{mine.pk}/files/{mine.attachments.get().pk}/"' in page
    assert "1 draft waiting" in page
    for other in ("Bruno&#x27;s roundtable", "Already logged", "Thrown away"):
        assert other not in page
    assert "meetings@tracker.localhost" in page


def test_the_list_costs_the_same_whatever_the_number_of_drafts(web, staff):
    client = web(staff)
    make_draft(staff, files=1)
    with CaptureQueriesContext(connection) as one:
        client.get("/meetings/drafts/")
    for index in range(5):
        make_draft(staff, title=f"Meeting {index}", files=2, organizations=[OrganizationFactory()])
    with CaptureQueriesContext(connection) as six:
        client.get("/meetings/drafts/")
    assert len(six) == len(one)


def test_the_confirm_page_is_the_meeting_form_filled_from_the_email(web, staff):
    draft = make_draft(staff, files=1)
    page = web(staff).get(f"/meetings/drafts/{draft.pk}/").content.decode()
    assert 'value="Bilateral with Kenya"' in page
    assert 'value="2025-02-27"' in page
    assert '<option value="KEN" selected>' in page
    assert "We discussed the costed national action plan." in page
    assert "Jane Doe &lt;jane@health.go.ke&gt;" in page
    assert f'action="/meetings/drafts/{draft.pk}/discard/"' in page


def test_confirming_logs_the_meeting_as_corrected_and_keeps_the_files_with_it(web, staff, bruno):
    draft = make_draft(staff, files=1)
    data = confirm_data(**{"follow_ups-0-title": "Send the minutes", "follow_ups-0-assignee": str(staff.pk)})
    data["follow_ups-0-due_date"] = "2025-03-10"
    response = web(staff).post(f"/meetings/drafts/{draft.pk}/", data)
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.title == "Bilateral with Kenya on the action plan"
    assert meeting.date == dt.date(2025, 2, 26)
    assert (meeting.mode, meeting.level, meeting.summary) == ("online", "ministerial", "Corrected account.")
    assert sorted(meeting.member_states.values_list("iso3", flat=True)) == ["FJI", "KEN"]
    assert list(meeting.follow_ups.values_list("title", flat=True)) == ["Send the minutes"]
    assert meeting.created_by == staff
    draft.refresh_from_db()
    assert draft.meeting == meeting
    assert draft.confirmed_at is not None
    assert not draft.is_waiting
    # The files are the meeting's now: on its page, for every staff member, not for viewers.
    attachment = draft.attachments.get()
    shown = web(bruno).get(f"/meetings/{meeting.pk}/").context["mail_attachments"]
    assert list(shown) == [attachment]
    assert web(bruno).get(f"/meetings/drafts/{draft.pk}/files/{attachment.pk}/").status_code == 200
    # The draft is gone from the list, and its page now leads to the meeting.
    assert f"/meetings/drafts/{draft.pk}/" not in web(staff).get("/meetings/drafts/").content.decode()
    again = web(staff).get(f"/meetings/drafts/{draft.pk}/")
    assert again.status_code == 302
    assert again["Location"] == f"/meetings/{meeting.pk}/"


def test_a_viewer_does_not_get_the_meetings_email_files(web, staff, viewer):
    draft = make_draft(staff, files=1)
    meeting = meeting_draft_confirm(draft=draft, by=staff, data=confirm_data_kwargs())
    assert list(web(viewer).get(f"/meetings/{meeting.pk}/").context["mail_attachments"]) == []
    file_url = f"/meetings/drafts/{draft.pk}/files/{draft.attachments.get().pk}/"
    assert web(viewer).get(file_url).status_code == 403


def confirm_data_kwargs() -> dict:
    return {
        "date": dt.date(2025, 2, 26),
        "title": "Bilateral with Kenya",
        "kind": "bilateral",
        "mode": "online",
        "level": "ministerial",
        "member_states": [state("KEN")],
    }


def test_a_confirmation_the_meeting_rules_refuse_shows_the_form_again(web, staff):
    draft = make_draft(staff)
    response = web(staff).post(f"/meetings/drafts/{draft.pk}/", confirm_data(level="", date="1900-01-01"))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"level", "date"}
    assert not Meeting.objects.exists()
    draft.refresh_from_db()
    assert draft.is_waiting


def test_discarding_drops_the_draft_its_files_and_text_but_remembers_the_email(
    web, staff, django_capture_on_commit_callbacks
):
    draft = make_draft(staff, files=2)
    names = list(draft.attachments.values_list("file", flat=True))
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = web(staff).post(f"/meetings/drafts/{draft.pk}/discard/")
    # The files go once the discard is committed.
    assert not any(default_storage.exists(name) for name in names)
    assert response.status_code == 302
    assert response["Location"] == "/meetings/drafts/"
    draft.refresh_from_db()
    assert draft.discarded_at is not None
    assert (draft.summary, draft.participants) == ("", "")
    assert not draft.attachments.exists()
    assert not draft.member_states.exists()
    assert "Bilateral with Kenya" not in web(staff).get("/meetings/drafts/").content.decode()
    assert web(staff).get(f"/meetings/drafts/{draft.pk}/").status_code == 404


def test_a_discarded_email_sent_again_makes_no_draft(staff):
    raw = (
        b"From: Alice <alice@example.org>\r\nTo: meetings@tracker.localhost\r\nSubject: Fwd: Roundtable\r\n"
        b"Message-ID: <roundtable@example.org>\r\nDate: Mon, 03 Mar 2025 10:00:00 +0000\r\n\r\nNotes.\r\n"
    )
    receive = {"raw": raw, "envelope_from": "alice@example.org", "recipients": ["meetings@tracker.localhost"]}
    draft = meeting_draft_receive(**receive)
    meeting_draft_discard(draft=draft, by=staff)
    assert meeting_draft_receive(**receive) is None
    assert MeetingDraft.objects.count() == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/meetings/drafts/{draft}/"),
        ("post", "/meetings/drafts/{draft}/"),
        ("post", "/meetings/drafts/{draft}/discard/"),
        ("get", "/meetings/drafts/{draft}/files/{file}/"),
    ],
)
def test_another_staff_members_draft_is_not_found(web, staff, bruno, method, path):
    draft = make_draft(bruno, files=1)
    url = path.format(draft=draft.pk, file=draft.attachments.get().pk)
    response = getattr(web(staff), method)(url, confirm_data() if method == "post" else None)
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.is_waiting
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "focal_ken"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/meetings/drafts/"),
        ("get", "/meetings/drafts/{draft}/"),
        ("post", "/meetings/drafts/{draft}/"),
        ("post", "/meetings/drafts/{draft}/discard/"),
        ("get", "/meetings/drafts/{draft}/files/{file}/"),
    ],
)
def test_viewers_and_focal_points_are_refused(request, web, staff, role, method, path):
    draft = make_draft(staff, files=1)
    url = path.format(draft=draft.pk, file=draft.attachments.get().pk)
    user = request.getfixturevalue(role)
    response = getattr(web(user), method)(url, confirm_data() if method == "post" else None)
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.is_waiting


def test_anonymous_callers_are_sent_to_sign_in(web, staff):
    draft = make_draft(staff)
    for url in ("/meetings/drafts/", f"/meetings/drafts/{draft.pk}/"):
        response = web().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_discarding_twice_or_after_confirming_changes_nothing(web, staff):
    draft = make_draft(staff)
    meeting = meeting_draft_confirm(draft=draft, by=staff, data=confirm_data_kwargs())
    assert web(staff).post(f"/meetings/drafts/{draft.pk}/discard/").status_code == 404
    with pytest.raises(ValidationError):
        meeting_draft_discard(draft=draft, by=staff)
    with pytest.raises(ValidationError):
        meeting_draft_confirm(draft=draft, by=staff, data=confirm_data_kwargs())
    draft.refresh_from_db()
    assert (draft.meeting, draft.discarded_at) == (meeting, None)
    assert Meeting.objects.count() == 1


def test_only_the_sender_may_confirm_or_discard_even_through_the_services(staff, bruno, viewer):
    draft = make_draft(bruno)
    for user in (staff, viewer):
        with pytest.raises(PermissionDenied):
            meeting_draft_confirm(draft=draft, by=user, data=confirm_data_kwargs())
        with pytest.raises(PermissionDenied):
            meeting_draft_discard(draft=draft, by=user)
    draft.refresh_from_db()
    assert draft.is_waiting
    assert not Meeting.objects.exists()
