"""Response shapes of the dashboard endpoints, for the OpenAPI schema (the selectors build the dicts)."""

from __future__ import annotations

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from engagement.choices import IndicatorSource
from engagement.models import VNR_STAGES
from meetings.choices import MeetingKind
from pledges.choices import PledgeStatus
from visits.choices import VisitKind


def choice_counts(name: str, choices: type[TextChoices]) -> type[serializers.Serializer]:
    """A serializer with one integer per choice value: every key is always present."""
    fields = {
        value: serializers.IntegerField(min_value=0, help_text=label) for value, label in choices.choices
    }
    return type(name, (serializers.Serializer,), fields)


MeetingKindCounts = choice_counts("MeetingKindCounts", MeetingKind)
PledgeStatusCounts = choice_counts("PledgeStatusCounts", PledgeStatus)
VnrStageCounts = type(
    "VnrStageCounts",
    (serializers.Serializer,),
    {stage: serializers.IntegerField(min_value=0) for stage in VNR_STAGES},
)


def iso3_list(help_text: str) -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(min_length=3, max_length=3), help_text=help_text)


class MeetingCounts(serializers.Serializer):
    total = serializers.IntegerField(min_value=0)
    by_kind = MeetingKindCounts()


class VisitCounts(choice_counts("VisitKindCounts", VisitKind)):
    total = serializers.IntegerField(min_value=0, help_text=_("Cancelled visits excluded."))


class SummaryVnr(serializers.Serializer):
    presenters = serializers.IntegerField(min_value=0)
    stages = VnrStageCounts()


class SummaryEndorsements(serializers.Serializer):
    in_year = serializers.IntegerField(min_value=0)
    total = serializers.IntegerField(min_value=0, help_text=_("All endorsements to date."))


class SummaryAlliance(serializers.Serializer):
    joined = serializers.IntegerField(min_value=0)
    total = serializers.IntegerField(min_value=0)
    active = serializers.IntegerField(min_value=0, help_text=_("Members not inactive."))


class SummaryPledges(serializers.Serializer):
    made = serializers.IntegerField(min_value=0, help_text=_("Pledges made in the year."))
    total = serializers.IntegerField(min_value=0, help_text=_("Every pledge the caller may see."))
    by_status = PledgeStatusCounts(help_text=_("Current status of every pledge the caller may see."))
    overdue_reports = serializers.IntegerField(min_value=0)
    stale = serializers.IntegerField(min_value=0)
    without_indicator = serializers.IntegerField(min_value=0)


class DashboardSummary(serializers.Serializer):
    """The year at a glance."""

    year = serializers.IntegerField()
    meetings = MeetingCounts()
    visits = VisitCounts()
    children_engaged = serializers.IntegerField(min_value=0)
    vnr = SummaryVnr()
    cta_endorsements = SummaryEndorsements()
    alliance = SummaryAlliance()
    pledges = SummaryPledges()


class PledgeGroupRow(PledgeStatusCounts):
    group = serializers.CharField(help_text=_("Region M49 code, State ISO3, area or origin."))
    name = serializers.CharField()
    total = serializers.IntegerField(min_value=0)


class PledgeTotals(PledgeStatusCounts):
    total = serializers.IntegerField(min_value=0)


class PledgeBreakdown(serializers.Serializer):
    """Pledges counted by status, per group."""

    group_by = serializers.CharField()
    results = PledgeGroupRow(many=True)
    totals = PledgeTotals()


class KpiRow(serializers.Serializer):
    """One indicator in one month."""

    indicator = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    source = serializers.ChoiceField(choices=IndicatorSource.choices)
    month = serializers.RegexField(r"^\d{4}-\d{2}$")
    value = serializers.IntegerField(allow_null=True, help_text=_("Null: a manual value not entered."))
    target = serializers.IntegerField(help_text=_("The month's share of the yearly target."))
    yearly_target = serializers.IntegerField()


class KpiTable(serializers.Serializer):
    """Indicators month by month."""

    results = KpiRow(many=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.RegexField(r"^\d{4}-\d{2}$")
        fields["to"] = serializers.RegexField(r"^\d{4}-\d{2}$")
        return fields


class ReportingFigures(serializers.Serializer):
    reports_due = serializers.IntegerField(min_value=0)
    reports_received = serializers.IntegerField(min_value=0)
    received_on_time = serializers.IntegerField(min_value=0)
    reporting_rate = serializers.FloatField(
        min_value=0, max_value=1, allow_null=True, help_text=_("Null when no report was due.")
    )
    on_time_rate = serializers.FloatField(min_value=0, max_value=1, allow_null=True)


class ReportingRow(ReportingFigures):
    group = serializers.CharField()
    name = serializers.CharField()


class ReportingRates(serializers.Serializer):
    """Report cycles due, received and on time."""

    year = serializers.IntegerField()
    group_by = serializers.CharField()
    results = ReportingRow(many=True)
    total = ReportingFigures()


class AnnualMeetings(MeetingCounts):
    conferences = serializers.IntegerField(min_value=0)
    dialogues_with_children = serializers.IntegerField(min_value=0)


class AnnualVisits(VisitCounts):
    children_met = serializers.IntegerField(min_value=0)
    member_states = iso3_list(_("States visited, sorted."))


class AnnualVnr(serializers.Serializer):
    presenters = serializers.IntegerField(min_value=0)
    outreach_sent = serializers.IntegerField(min_value=0)
    meetings_held = serializers.IntegerField(min_value=0)
    vac_in_report = serializers.IntegerField(min_value=0)
    children_involved = serializers.IntegerField(min_value=0)
    presenters_list = serializers.ListField(
        child=serializers.CharField(), help_text=_("ISO3 codes, or organizations' acronyms, sorted.")
    )


class AnnualEndorsements(serializers.Serializer):
    total = serializers.IntegerField(min_value=0)
    member_states = iso3_list(_("States that endorsed in the year, sorted."))


class AnnualAlliance(serializers.Serializer):
    joined = serializers.IntegerField(min_value=0)
    member_states = iso3_list(_("States that joined in the year, sorted."))


class AnnualPledges(serializers.Serializer):
    made = serializers.IntegerField(min_value=0)
    by_status = PledgeStatusCounts(help_text=_("Current status of the pledges made in the year."))


class AnnualReport(serializers.Serializer):
    """The year's key achievements."""

    year = serializers.IntegerField()
    meetings = AnnualMeetings()
    children_engaged = serializers.IntegerField(min_value=0)
    visits = AnnualVisits()
    vnr = AnnualVnr()
    cta_endorsements = AnnualEndorsements()
    alliance = AnnualAlliance()
    pledges = AnnualPledges()
