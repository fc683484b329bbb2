"""Input and output shapes of the pledges API; values are computed by views and selectors."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from engagement.api.serializers import Iso3Field, StaffOnlyFieldsMixin, TermCodesField
from engagement.choices import Vocabulary
from engagement.models import User
from engagement.validators import validate_recorded_date
from pledges.choices import (
    MembershipStatus,
    Milestone,
    NationalPlanStatus,
    PledgeArea,
    PledgeOrigin,
    PledgeStatus,
    SignatoryLevel,
    SmartGap,
    Verdict,
    VerificationState,
)
from pledges.evidence import limits_help_text
from pledges.models import (
    MEASURABILITY_FIELDS,
    AllianceMembership,
    CtaEndorsement,
    EvidenceFile,
    Pledge,
    ProgressReport,
    ReportVerification,
)
from pledges.selectors import (
    STAFF_ONLY_PLEDGE_FIELDS,
    membership_milestones,
    pledge_is_stale,
    pledge_missed_cycles,
    pledge_smart_gaps,
    report_is_on_time,
)
from visits.models import CountryVisit


class AccountabilityFieldsMixin(serializers.Serializer):
    """`stale` from the selectors, as of the day in the context; the verification the pledge stores."""

    stale = serializers.SerializerMethodField()
    verified_progress = serializers.IntegerField(read_only=True, allow_null=True)
    last_verified_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def today(self):
        return self.context.get("today") or timezone.localdate()

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_stale(self, pledge: Pledge) -> bool:
        return pledge_is_stale(pledge, self.today())


class PledgeSerializer(StaffOnlyFieldsMixin, AccountabilityFieldsMixin, serializers.ModelSerializer):
    """A pledge as staff write it and every signed-in role reads it."""

    member_state = Iso3Field()
    visit = serializers.PrimaryKeyRelatedField(
        queryset=CountryVisit.objects.all(), allow_null=True, required=False
    )
    sdg_targets = TermCodesField(vocabulary=Vocabulary.SDG_TARGET, many=True, required=False)
    responsible_staff = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.staff(), allow_null=True, required=False
    )
    smart_gaps = serializers.SerializerMethodField()
    missed_cycles = serializers.SerializerMethodField()
    meetings = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    staff_only_fields = STAFF_ONLY_PLEDGE_FIELDS

    class Meta:
        model = Pledge
        fields = [
            "id",
            "member_state",
            "origin",
            "visit",
            "made_on",
            "title",
            "description",
            "area",
            "sdg_targets",
            "target_date",
            "status",
            "progress",
            "visibility",
            "reporting_interval_days",
            "last_reported_at",
            "next_report_due",
            *MEASURABILITY_FIELDS,
            "responsible_staff",
            "smart_gaps",
            "missed_cycles",
            "stale",
            "verified_progress",
            "last_verified_at",
            "meetings",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["last_reported_at", "next_report_due", "created_at", "updated_at"]

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(SmartGap.choices)))
    def get_smart_gaps(self, pledge: Pledge) -> list[str]:
        return pledge_smart_gaps(pledge, self.today())

    @extend_schema_field(OpenApiTypes.INT)
    def get_missed_cycles(self, pledge: Pledge) -> int:
        return pledge_missed_cycles(pledge, self.today())


class JoinedValuesField(serializers.ReadOnlyField):
    """A many-to-many read as the list's query joined it (`16.2;5.3`, '' for none): the list of
    values, each through `cast` (`int` for ids)."""

    def __init__(self, *, cast=str, **kwargs):
        self.cast = cast
        super().__init__(**kwargs)

    def to_representation(self, value: str) -> list:
        return [self.cast(item) for item in value.split(";")] if value else []


class PledgeListSerializer(PledgeSerializer):
    """A page of `PledgeSerializer`'s pledges, read from `pledges_for_list`: the same JSON, byte for
    byte, but the SDG targets and meetings come joined in the row's own query, so a page builds
    no related objects. Output only; the OpenAPI schema is `PledgeSerializer`'s."""

    sdg_targets = JoinedValuesField(source="listed_sdg_targets")
    meetings = JoinedValuesField(source="listed_meetings", cast=int)

    def get_smart_gaps(self, pledge: Pledge) -> list[str]:
        return pledge_smart_gaps(pledge, self.today(), has_sdg_target=bool(pledge.listed_sdg_targets))


class PublicPledgeSerializer(AccountabilityFieldsMixin, serializers.ModelSerializer):
    """A public pledge for the open feed: no internal fields."""

    member_state = serializers.CharField(source="member_state.iso3", read_only=True)
    m49 = serializers.CharField(source="member_state.m49", read_only=True)
    member_state_name = serializers.CharField(source="member_state.local_name", read_only=True)
    sdg_targets = TermCodesField(vocabulary=Vocabulary.SDG_TARGET, many=True, read_only=True)

    class Meta:
        model = Pledge
        fields = [
            "id",
            "member_state",
            "m49",
            "member_state_name",
            "origin",
            "made_on",
            "title",
            "description",
            "area",
            "sdg_targets",
            "target_date",
            "status",
            "progress",
            "verified_progress",
            "last_verified_at",
            "stale",
            "last_reported_at",
            "next_report_due",
        ]
        read_only_fields = fields


class EvidenceFileSerializer(serializers.Serializer):
    """One file a report carries: its name, size, sniffed type and the URL that serves it."""

    name = serializers.CharField()
    size = serializers.IntegerField(help_text=_("In bytes."))
    content_type = serializers.CharField(help_text=_("The type read from the file's content."))
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_url(self, evidence: EvidenceFile) -> str:
        return reverse(
            "pledge-report-file",
            kwargs={"pledge_pk": evidence.report.pledge_id, "pk": evidence.report_id, "file_pk": evidence.pk},
        )


class EvidenceFilesField(serializers.ListField):
    """Written: the uploaded files (multipart, repeated `evidence_files`). Read: the stored files."""

    child = serializers.FileField(allow_empty_file=False, use_url=False)

    def get_attribute(self, instance):
        return list(instance.evidence_files.all())

    def to_representation(self, data):
        return EvidenceFileSerializer(data, many=True).data


class EvidenceFilesFieldSchema(OpenApiSerializerFieldExtension):
    """In the schema: binary files in the request, the stored files' descriptions in the response."""

    target_class = EvidenceFilesField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return {
                "type": "array",
                "items": {"type": "string", "format": "binary"},
                "maxItems": settings.EVIDENCE_MAX_FILES,
                "description": str(limits_help_text()),
            }
        return {
            "type": "array",
            "items": auto_schema.resolve_serializer(EvidenceFileSerializer, direction).ref,
        }


class ProgressReportSerializer(serializers.ModelSerializer):
    """A progress report; only status, progress, narrative and evidence are ever written."""

    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    evidence_files = EvidenceFilesField(required=False, max_length=None)
    on_time = serializers.SerializerMethodField()
    verification = serializers.ChoiceField(
        VerificationState.choices, read_only=True, default=VerificationState.UNVERIFIED
    )

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "pledge",
            "status",
            "progress",
            "narrative",
            "evidence_url",
            "evidence_files",
            "author",
            "created_at",
            "due_date",
            "on_time",
            "verification",
        ]
        read_only_fields = ["pledge", "created_at", "due_date"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_on_time(self, report: ProgressReport) -> bool:
        return report_is_on_time(report)


class ProgressReportJSONSerializer(ProgressReportSerializer):
    """The JSON body of a new report, for the schema: files come only with multipart/form-data."""

    evidence_files = None

    class Meta(ProgressReportSerializer.Meta):
        fields = [name for name in ProgressReportSerializer.Meta.fields if name != "evidence_files"]


class ReportVerificationSerializer(serializers.ModelSerializer):
    """A staff verdict on a progress report, with its note."""

    verification = serializers.ChoiceField(Verdict.choices, source="verdict")
    verified_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ReportVerification
        fields = ["id", "report", "verification", "note", "verified_by", "created_at"]
        read_only_fields = ["report", "created_at"]


class HistoryChangeSerializer(serializers.Serializer):
    """One field of one change: its value before and after."""

    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    """One recorded change to a pledge: who, when, why, and which fields."""

    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    by = serializers.CharField(allow_null=True)
    change_reason = serializers.CharField(allow_null=True)
    changes = HistoryChangeSerializer(many=True)


class CtaEndorsementSerializer(serializers.ModelSerializer):
    """One State's endorsement of the Bogota Call to Action."""

    member_state = Iso3Field()

    class Meta:
        model = CtaEndorsement
        fields = ["id", "member_state", "endorsed_on", "signatory_level", "signatory"]


class MilestoneSerializer(serializers.Serializer):
    """One Pathfinding milestone: when it is due and when it was done (null: not yet)."""

    code = serializers.ChoiceField(Milestone.choices)
    due = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)


class MilestoneTickSerializer(serializers.Serializer):
    """The date a milestone was done."""

    done_on = serializers.DateField(
        help_text=_("The day the milestone was done; not in the future."), validators=[validate_recorded_date]
    )


class AllianceMembershipSerializer(StaffOnlyFieldsMixin, serializers.ModelSerializer):
    """One State's Pathfinding Alliance membership, with its five milestones."""

    member_state = Iso3Field()
    milestones = serializers.SerializerMethodField()

    staff_only_fields = ("notes",)

    class Meta:
        model = AllianceMembership
        fields = [
            "id",
            "member_state",
            "joined_on",
            "status",
            "national_plan_status",
            "focal_point",
            "notes",
            "milestones",
        ]

    @extend_schema_field(MilestoneSerializer(many=True))
    def get_milestones(self, membership: AllianceMembership) -> list[dict]:
        return MilestoneSerializer(membership_milestones(membership), many=True).data


# --- Open data (/public/data/) ------------------------------------------------------------------
# One output serializer per dataset: its fields are the download's columns, and their classes,
# `help_text` and choices are the data dictionary (pledges/opendata.py). Read-only.


class ChoiceLabelField(serializers.ReadOnlyField):
    """A coded field's label in the language of the request, written beside its code
    (`status`, `status_label`): `source` names the coded field."""

    def __init__(self, *, choices, **kwargs):
        self.labels = dict(choices)
        super().__init__(**kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        # Fields are bound per serializer, so in the language of the request.
        if not self.help_text:
            self.help_text = _("The label of “{code}” in the language of the download.").format(
                code=self.source
            )

    def to_representation(self, value) -> str:
        return str(self.labels.get(value, value))


class MemberStateNameField(serializers.ReadOnlyField):
    """A Member State (the field's `source`) by its name in the language of the request."""

    def to_representation(self, state) -> str:
        return state.local_name


def with_labels(fields: list[str], labelled: tuple[str, ...]) -> list[str]:
    """`fields` with `<field>_label` after each coded field of `labelled`, as the open data lists them."""
    columns = []
    for name in fields:
        columns.append(name)
        if name in labelled:
            columns.append(f"{name}_label")
    return columns


ISO3_MEANING = _("The Member State's ISO 3166 alpha-3 code.")
STATE_NAME_MEANING = _("The Member State's name in the language of the download.")


class OpenDataPledgeSerializer(PublicPledgeSerializer):
    """A public pledge in the open data: the open feed's fields with a label beside each code,
    the columns of `public/pledges/?format=csv` in their order."""

    member_state = serializers.CharField(source="member_state.iso3", read_only=True, help_text=ISO3_MEANING)
    m49 = serializers.CharField(
        source="member_state.m49", read_only=True, help_text=_("The Member State's UN M49 code.")
    )
    member_state_name = serializers.CharField(
        source="member_state.local_name", read_only=True, help_text=STATE_NAME_MEANING
    )
    origin_label = ChoiceLabelField(source="origin", choices=PledgeOrigin.choices)
    area_label = ChoiceLabelField(source="area", choices=PledgeArea.choices)
    sdg_targets = TermCodesField(
        vocabulary=Vocabulary.SDG_TARGET,
        many=True,
        read_only=True,
        help_text=_("The Sustainable Development Goal targets the pledge serves."),
    )
    status_label = ChoiceLabelField(source="status", choices=PledgeStatus.choices)
    verified_progress = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("Progress (%) of the latest report the Office verified; empty before one."),
    )
    last_verified_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text=_("When the Office verified that report; empty before one."),
    )
    stale = serializers.SerializerMethodField(
        help_text=_("True when the State has missed two or more report cycles on an open pledge.")
    )

    class Meta(PublicPledgeSerializer.Meta):
        fields = with_labels(PublicPledgeSerializer.Meta.fields, ("origin", "area", "status"))
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": _("The pledge's number, the same in the API and on its public page.")},
            "origin": {"help_text": _("Where the pledge was made.")},
            "made_on": {"help_text": _("The day the State made the pledge.")},
            "title": {"help_text": _("The pledge in a sentence, as the State worded it.")},
            "description": {"help_text": _("What the State committed to do.")},
            "area": {"help_text": _("The commitment area.")},
            "target_date": {"help_text": _("The day the State means to have achieved it; empty if none.")},
            "status": {"help_text": _("The status of the latest progress report.")},
            "progress": {"help_text": _("Progress (%) the State reported last.")},
            "last_reported_at": {"help_text": _("When the State last reported progress; empty before then.")},
            "next_report_due": {"help_text": _("The day the next progress report is due.")},
        }


class OpenDataReportSerializer(serializers.Serializer):
    """A progress report on a public pledge: its status and progress, its verification, and its
    narrative and evidence link only where the Office made the narrative public."""

    id = serializers.IntegerField(help_text=_("The report's number."))
    pledge = serializers.IntegerField(
        source="pledge_id", help_text=_("The pledge reported on: its `id` in the pledges dataset.")
    )
    member_state = serializers.CharField(source="pledge.member_state.iso3", help_text=ISO3_MEANING)
    reported_on = serializers.DateField(help_text=_("The day the report was made (UTC)."))
    status = serializers.ChoiceField(PledgeStatus.choices, help_text=_("The pledge's status as reported."))
    status_label = ChoiceLabelField(source="status", choices=PledgeStatus.choices)
    progress = serializers.IntegerField(help_text=_("Progress (%) as reported."))
    verification = serializers.ChoiceField(
        VerificationState.choices, help_text=_("The Office's latest verdict on the report, or unverified.")
    )
    verification_label = ChoiceLabelField(source="verification", choices=VerificationState.choices)
    narrative = serializers.CharField(
        source="public_narrative",
        help_text=_("The report's own words; empty unless the Office made them public."),
    )
    evidence_url = serializers.CharField(
        source="public_evidence_url",
        help_text=_("The link to the evidence given, shown with a public narrative only; else empty."),
    )


class OpenDataEndorsementSerializer(serializers.Serializer):
    """A State's endorsement of the Bogota Call to Action: when and at which level (no names)."""

    member_state = serializers.CharField(source="member_state.iso3", help_text=ISO3_MEANING)
    member_state_name = MemberStateNameField(source="member_state", help_text=STATE_NAME_MEANING)
    endorsed_on = serializers.DateField(help_text=_("The day the State endorsed the Call to Action."))
    signatory_level = serializers.ChoiceField(
        SignatoryLevel.choices, help_text=_("The level of the person who signed for the State.")
    )
    signatory_level_label = ChoiceLabelField(source="signatory_level", choices=SignatoryLevel.choices)


class OpenDataAllianceSerializer(serializers.Serializer):
    """A State's Pathfinding Alliance membership and its five milestones, each with the day it
    falls due and the day it was done (empty: not yet); never its focal point or notes."""

    member_state = serializers.CharField(source="member_state.iso3", help_text=ISO3_MEANING)
    member_state_name = MemberStateNameField(source="member_state", help_text=STATE_NAME_MEANING)
    joined_on = serializers.DateField(help_text=_("The day the State joined the Alliance."))
    status = serializers.ChoiceField(MembershipStatus.choices, help_text=_("The membership's standing."))
    status_label = ChoiceLabelField(source="status", choices=MembershipStatus.choices)
    national_plan_status = serializers.ChoiceField(
        NationalPlanStatus.choices, help_text=_("Where the State's national action plan stands.")
    )
    national_plan_status_label = ChoiceLabelField(
        source="national_plan_status", choices=NationalPlanStatus.choices
    )

    def get_fields(self):
        # Two columns per milestone, in the milestones' order: `<code>_due`, `<code>_done_on`; built
        # per serializer, so their meanings are in the language of the request.
        fields = super().get_fields()
        for code in Milestone:
            fields[f"{code}_due"] = serializers.DateField(
                help_text=_("The day “{milestone}” falls due.").format(milestone=code.label)
            )
            fields[f"{code}_done_on"] = serializers.DateField(
                allow_null=True,
                help_text=_("The day “{milestone}” was done; empty: not yet.").format(milestone=code.label),
            )
        return fields
