"""Staff meeting and follow-up work in Chromium: log with pickers, edit, delete, follow-ups, the list."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import FollowUpAction, Meeting
from tests.factories import FollowUpFactory, MeetingFactory, PledgeFactory, StaffFactory, state
from tests.fixtures.browser import pick

# A saved meeting's page, never the form at /meetings/new/ shown again with its errors.
SAVED_MEETING = re.compile(r".*/meetings/\d+/$")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def alice(reference_data):
    StaffFactory(username="bruno", first_name="Bruno", last_name="Costa")
    return StaffFactory(username="alice", first_name="Alice", last_name="Aubert")


def test_staff_log_a_meeting_with_pickers(alice, sign_in, page_check):
    PledgeFactory(title="Kenya costed plan", member_state=state("KEN"))
    PledgeFactory(title="Fiji costed plan", member_state=state("FJI"))
    page = sign_in("alice")
    page.goto("/meetings/new/")
    page.locator("#id_title").fill("Bilateral with the Kenyan mission")
    page.get_by_role("button", name="Save the meeting").click()
    summary = page.locator("#error-summary")
    expect(summary.get_by_role("link", name="Level")).to_be_visible()  # no default: Level is required
    page_check(page, "meeting-form-errors")
    page.locator("#id_level").select_option("senior_official")
    pick(page, "id_member_states", "Keny", "KEN")
    page.locator("#id_pledges-ts-control").press_sequentially("costed")
    dropdown = page.locator("#id_pledges-ts-dropdown")
    dropdown.locator(".option", has_text="Kenya costed plan").wait_for()
    expect(dropdown.locator(".option", has_text="Fiji costed plan")).to_have_count(
        0
    )  # only the chosen State's
    dropdown.locator(".option", has_text="Kenya costed plan").click()
    page.keyboard.press("Escape")
    expect(dropdown).to_be_hidden()
    pick(page, "id_topics", "online", "online_protection")
    page.locator("#id_follow_ups-0-title").fill("Send the briefing note")
    page.locator("#id_follow_ups-0-assignee").select_option(label="Alice Aubert")
    page.locator("#id_follow_ups-0-due_date").fill((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    page_check(page, "meeting-form")
    expect(page.locator("#id_follow_ups-0-title")).to_have_value("Send the briefing note")
    page.get_by_role("button", name="Save the meeting").click()
    page.wait_for_url(SAVED_MEETING)
    meeting = Meeting.objects.get()
    assert list(meeting.member_states.values_list("iso3", flat=True)) == ["KEN"]
    assert list(meeting.pledges.values_list("title", flat=True)) == ["Kenya costed plan"]
    assert list(meeting.topics.values_list("code", flat=True)) == ["online_protection"]
    assert meeting.level == "senior_official"
    assert meeting.follow_ups.count() == 1


def test_staff_edit_a_meeting_then_delete_another(alice, sign_in, page_check):
    meeting = MeetingFactory(title="Roundtable on the investment case")
    meeting.member_states.set([state("KEN")])
    FollowUpFactory(meeting=meeting, title="Share the summary", assignee=alice)
    duplicate = MeetingFactory(title="Logged twice")
    page = sign_in("alice")
    page.goto(f"/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Edit", exact=True).click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/edit/")
    expect(page.get_by_role("link", name="Edit the follow-up “Share the summary”")).to_be_visible()
    page_check(page, "meeting-edit")
    page.locator("#id_title").fill("Roundtable on the investment case (Geneva)")
    pick(page, "id_member_states", "Fij", "FJI")
    page.get_by_role("button", name="Save the meeting").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    expect(page.get_by_text("Meeting saved.")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.title == "Roundtable on the investment case (Geneva)"
    assert sorted(meeting.member_states.values_list("iso3", flat=True)) == ["FJI", "KEN"]

    page.goto(f"/meetings/{duplicate.pk}/")
    page.get_by_role("link", name="Delete", exact=True).click()
    page.wait_for_url(f"**/meetings/{duplicate.pk}/delete/")
    page_check(page, "meeting-delete")
    page.get_by_role("button", name="Delete the meeting").click()
    page.wait_for_url("**/meetings/")
    expect(page.get_by_text("Meeting deleted: Logged twice")).to_be_visible()
    assert not Meeting.objects.filter(pk=duplicate.pk).exists()
    assert Meeting.history.filter(id=duplicate.pk, history_type="-").exists()


def test_staff_create_edit_close_and_reopen_a_follow_up(alice, sign_in, page_check):
    meeting = MeetingFactory(title="Briefing with UNICEF")
    page = sign_in("alice")
    page.goto(f"/meetings/{meeting.pk}/")
    page.get_by_role("link", name="Add a follow-up").click()
    page.wait_for_url(f"**/follow-ups/new/?meeting={meeting.pk}")
    expect(page.get_by_role("link", name="Briefing with UNICEF")).to_be_visible()
    page_check(page, "follow-up-new")
    page.locator("#id_title").fill("Send the data request")
    page.locator("#id_due_date").fill((timezone.localdate() + dt.timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Add the follow-up").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    action = FollowUpAction.objects.get()
    assert (action.meeting, action.assignee) == (meeting, alice)

    page.goto("/follow-ups/")
    page.get_by_role("button", name=re.compile(r"Done\W+Send the data request")).click()
    page.get_by_text("Marked done: Send the data request").wait_for()
    page.get_by_role("button", name=re.compile(r"Reopen\W+Send the data request")).click()
    page.wait_for_url("**/follow-ups/")
    expect(page.get_by_text("Reopened: Send the data request")).to_be_visible()
    action.refresh_from_db()
    assert action.status == "open"

    page.get_by_role("link", name="Send the data request").click()
    page.wait_for_url(f"**/follow-ups/{action.pk}/edit/")
    page_check(page, "follow-up-edit")
    page.locator("#id_assignee").select_option(label="Bruno Costa")
    page.locator("#id_status").select_option("done")
    page.get_by_role("button", name="Save the follow-up").click()
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    action.refresh_from_db()
    assert (action.assignee.username, action.status) == ("bruno", "done")
    page.goto(f"/follow-ups/{action.pk}/edit/")
    page.get_by_role("button", name=re.compile(r"Reopen\W+Send the data request")).click()
    page.wait_for_url(f"**/follow-ups/{action.pk}/edit/")
    action.refresh_from_db()
    assert (action.status, action.closed_on) == ("open", None)


def test_follow_up_list_is_filtered_sorted_and_downloaded(alice, sign_in, page_check):
    today = timezone.localdate()
    FollowUpFactory(title="Call the ministry", assignee=alice, due_date=today - dt.timedelta(days=2))
    FollowUpFactory(title="Answer the NHRI", assignee=alice, due_date=today + dt.timedelta(days=4))
    page = sign_in("alice")
    page.goto("/follow-ups/")
    rows = page.locator("table.list-table tbody tr")
    expect(rows.first.get_by_text("overdue")).to_be_visible()  # by due date: the overdue one first
    expect(page.locator("tfoot").get_by_text("2 actions, 1 overdue")).to_be_visible()
    page.get_by_role("link", name="Action").click()
    page.wait_for_url("**sort=title**")
    expect(page.locator("th[aria-sort=ascending]").get_by_text("Action")).to_be_visible()
    expect(rows.first.get_by_role("link", name="Answer the NHRI")).to_be_visible()
    page_check(page, "follow-up-list")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    titles = [row[1] for row in list(csv.reader(io.StringIO(text)))[1:]]
    assert titles == ["Answer the NHRI", "Call the ministry"]


def test_a_quick_choice_in_a_picker_keeps_the_focus_on_the_next_field(alice, sign_in):
    """Choose from the list a first letters' search showed, while the rest is still being typed,
    then go on to type in the next field: no late search reopens the list and takes the keystrokes."""
    page = sign_in("alice")
    page.goto("/meetings/new/")
    control = page.locator("#id_topics-ts-control")
    control.press_sequentially("onl")
    option = page.locator("#id_topics-ts-dropdown .option[data-value='online_protection']")
    option.wait_for()
    control.press_sequentially("ine")
    option.click()
    title = page.locator("#id_follow_ups-0-title")
    title.click()
    title.press_sequentially("Send the briefing note")
    page.wait_for_timeout(600)  # past Tom Select's default 300 ms search delay
    expect(title).to_be_focused()
    expect(title).to_have_value("Send the briefing note")
    expect(page.locator("#id_topics-ts-dropdown")).to_be_hidden()
