"""model_update, the generic update of the services: refuses, writes only changes, records history."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from engagement.choices import Role, Vocabulary
from engagement.models import User, VnrEngagement
from engagement.services import model_update, user_update, vnr_engagement_update
from tests.factories import (
    MeetingFactory,
    UserFactory,
    VnrFactory,
    state,
    term,
)

pytestmark = pytest.mark.django_db

REFUSED = ["This field cannot be changed here."]


def _updates(queries) -> list[str]:
    return [query["sql"] for query in queries if query["sql"].startswith("UPDATE")]


def test_an_unknown_field_is_refused_and_nothing_is_written(reference_data):
    engagement = VnrFactory(notes="As recorded.")

    with pytest.raises(ValidationError) as refused:
        model_update(instance=engagement, fields=["notes"], data={"notes": "Changed.", "hlpf_year": 2030})

    assert refused.value.message_dict == {"hlpf_year": REFUSED}
    assert engagement.notes == "As recorded."
    stored = VnrEngagement.objects.get(pk=engagement.pk)
    assert (stored.notes, stored.hlpf_year) == ("As recorded.", 2024)
    assert stored.history.count() == 1


def test_only_the_changed_fields_are_saved(reference_data):
    engagement = VnrFactory(notes="As recorded.", outreach_sent=False)
    # A colleague changed the year meanwhile: saving the stale instance whole would undo it.
    VnrEngagement.objects.filter(pk=engagement.pk).update(hlpf_year=2025)
    updated_at = engagement.updated_at

    with CaptureQueriesContext(connection) as queries:
        _, changed = model_update(
            instance=engagement,
            fields=["notes", "outreach_sent", "hlpf_year"],
            data={"notes": "Outreach sent in May.", "outreach_sent": True},
        )

    assert changed == ["notes", "outreach_sent"]
    [update] = _updates(queries)
    assert '"notes"' in update
    assert '"outreach_sent"' in update
    assert '"updated_at"' in update
    assert '"hlpf_year"' not in update
    stored = VnrEngagement.objects.get(pk=engagement.pk)
    assert (stored.notes, stored.outreach_sent, stored.hlpf_year) == ("Outreach sent in May.", True, 2025)
    assert stored.updated_at > updated_at


def test_auto_updated_at_can_be_left_alone(reference_data):
    engagement = VnrFactory()
    updated_at = engagement.updated_at

    model_update(instance=engagement, fields=["notes"], data={"notes": "Quiet fix."}, auto_updated_at=False)

    assert VnrEngagement.objects.get(pk=engagement.pk).updated_at == updated_at


def test_nothing_changed_means_no_save_and_no_history_row(reference_data, django_assert_num_queries):
    engagement = VnrFactory(notes="As recorded.")
    updated_at = engagement.updated_at
    kenya = state("KEN")

    with django_assert_num_queries(0):
        _, changed = model_update(
            instance=engagement,
            fields=["notes", "member_state", "organization"],
            data={"notes": "As recorded.", "member_state": kenya, "organization": None},
        )

    assert changed == []
    assert VnrEngagement.objects.get(pk=engagement.pk).updated_at == updated_at
    assert engagement.history.count() == 1


def test_the_history_row_carries_the_user_and_the_reason(reference_data, staff):
    engagement = VnrFactory()

    model_update(
        instance=engagement,
        fields=["meeting_held"],
        data={"meeting_held": True},
        by=staff,
        reason="Met in May",
    )

    assert engagement.history.count() == 2
    latest = engagement.history.first()
    assert (latest.history_type, latest.meeting_held) == ("~", True)
    assert (latest.history_user, latest.history_change_reason) == (staff, "Met in May")


def test_a_many_to_many_change_is_detected_and_set(reference_data):
    meeting = MeetingFactory()
    meeting.topics.set([term(Vocabulary.THEME, "investment_case")])
    wanted = [term(Vocabulary.THEME, "online_protection"), term(Vocabulary.THEME, "investment_case")]

    _, changed = model_update(instance=meeting, fields=["title", "topics"], data={"topics": wanted})

    assert changed == ["topics"]
    assert set(meeting.topics.values_list("code", flat=True)) == {"online_protection", "investment_case"}
    # Only a relation changed: the row itself is not saved again.
    assert meeting.history.count() == 1


def test_the_same_many_to_many_set_given_as_ids_is_no_change(reference_data):
    meeting = MeetingFactory()
    topic = term(Vocabulary.THEME, "investment_case")
    meeting.topics.set([topic])

    with CaptureQueriesContext(connection) as queries:
        _, changed = model_update(instance=meeting, fields=["topics"], data={"topics": [topic.pk]})

    assert changed == []
    assert all(query["sql"].startswith("SELECT") for query in queries)


def test_the_clean_hook_runs_before_the_save_and_can_refuse(reference_data):
    engagement = VnrFactory(notes="As recorded.")

    def refuse(instance):
        raise ValidationError({"notes": ["No."]})

    with pytest.raises(ValidationError):
        model_update(instance=engagement, fields=["notes"], data={"notes": "Changed."}, clean=refuse)

    assert VnrEngagement.objects.get(pk=engagement.pk).notes == "As recorded."
    assert engagement.history.count() == 1


# The services built on it keep their rules.


def test_user_update_refuses_is_staff_and_derives_it_from_the_role(reference_data):
    user = UserFactory(username="wanjiku")

    with pytest.raises(ValidationError) as refused:
        user_update(user=user, data={"is_staff": True})
    assert refused.value.message_dict == {"is_staff": REFUSED}

    user_update(user=user, data={"role": Role.STAFF})
    user.refresh_from_db()
    assert (user.role, user.is_staff) == (Role.STAFF, True)
    assert list(user.groups.values_list("name", flat=True)) == ["Staff"]


def test_user_update_keeps_the_focal_point_rule(reference_data):
    user = UserFactory(username="wanjiku")

    with pytest.raises(ValidationError) as refused:
        user_update(user=user, data={"role": Role.FOCAL_POINT})

    assert "member_state" in refused.value.message_dict
    assert User.objects.get(pk=user.pk).role == Role.VIEWER


def test_vnr_engagement_update_records_the_editor(reference_data, staff):
    engagement = VnrFactory()

    vnr_engagement_update(engagement=engagement, data={"notes": "Call in June."}, by=staff)
    vnr_engagement_update(engagement=engagement, data={"notes": "Call in June."}, by=staff)

    assert engagement.history.count() == 2
    assert engagement.history.first().history_user == staff
