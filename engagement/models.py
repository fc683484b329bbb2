"""The ground floor's tables: Member States, organizations, people, VNR, vocabularies, indicators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from engagement.choices import IndicatorSource, OrganizationKind, Role, Vocabulary
from engagement.names import region_name, state_name
from engagement.querysets import ContactQuerySet, MemberStateQuerySet, ScopedByStateQuerySet, UserQuerySet
from engagement.roles import GROUP_NAMES, assigned_role
from engagement.validators import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, validate_recorded_date

if TYPE_CHECKING:
    from collections.abc import Iterable


class Region(models.Model):
    """A UN M49 region (no parent) or sub-region (parent set)."""

    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="subregions"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The region's name in the active language (CLDR; `engagement/names.py`)."""
        return region_name(self)


class MemberState(models.Model):
    """A UN Member State or observer State, known everywhere by its ISO 3166 alpha-3 code."""

    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    m49 = models.CharField(_("M49 code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="member_states")
    subregion = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="subregion_member_states")
    is_un_member = models.BooleanField(_("UN Member State"), default=True)
    # What the Office wants said to this State: staff only, never in an API answer or a viewer's brief.
    talking_points = models.TextField(
        _("talking points"),
        max_length=TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("Staff only: what the Office raises with this State, shown in staff briefing notes."),
    )

    # Who changed the talking points (or the reference data) and when: the talking-points page shows it.
    history = HistoricalRecords()
    objects = MemberStateQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Member State")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(iso3__regex=r"^[A-Z]{3}$"), name="member_state_iso3_format"
            ),
        ]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The State's name in the active language (CLDR; `engagement/names.py`)."""
        return state_name(self)


class Organization(models.Model):
    """Any stakeholder other than a State: UN entity, regional organization, NHRI, civil society..."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices, db_index=True)
    member_states = models.ManyToManyField(
        MemberState, blank=True, related_name="organizations", verbose_name=_("member States")
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    """Django's user manager with the role scoping of UserQuerySet."""

    use_in_migrations = True


class User(AbstractUser):
    """An account; a focal point is linked to exactly one Member State, other roles to none."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    member_state = models.ForeignKey(
        MemberState,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_points",
        verbose_name=_("Member State (focal points)"),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    weekly_digest = models.BooleanField(_("receive the weekly digest"), default=True)

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.FOCAL_POINT, member_state__isnull=False)
                    | (~models.Q(role=Role.FOCAL_POINT) & models.Q(member_state__isnull=True))
                ),
                name="user_focal_point_has_one_state",
            ),
        ]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        # A login only touches last_login: no group work on every sign-in.
        if update_fields is None or {"role", "is_staff"} & set(update_fields):
            self.sync_role_group()

    def sync_role_group(self) -> None:
        """Keep exactly one role group (Staff, Viewers, Focal points) in step with the role."""
        from django.contrib.auth.models import Group

        wanted = GROUP_NAMES[assigned_role(self)]
        role_groups = Group.objects.filter(name__in=GROUP_NAMES.values())
        current = {group.name for group in self.groups.all() if group.name in GROUP_NAMES.values()}
        if current != {wanted}:
            self.groups.remove(*[group for group in role_groups if group.name != wanted])
            self.groups.add(*[group for group in role_groups if group.name == wanted])


class Contact(models.Model):
    """A person at a State or organization (minister, ambassador, focal point...); confidential."""

    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    member_state = models.ForeignKey(
        MemberState, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_focal_point = models.BooleanField(_("focal point"), default=False)
    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="contact"
    )
    notes = models.TextField(_("notes"), max_length=TEXT_MAX_LENGTH, blank=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")

    def __str__(self) -> str:
        return self.name


VNR_STAGES = (
    "outreach_sent",
    "guidance_shared",
    "meeting_held",
    "unct_mobilized",
    "vac_in_report",
    "children_involved",
)


class VnrEngagement(models.Model):
    """A VNR presenter (a State or an organization such as the EU) in one HLPF year."""

    hlpf_year = models.PositiveSmallIntegerField(_("HLPF year"), db_index=True)
    member_state = models.ForeignKey(
        MemberState, on_delete=models.PROTECT, null=True, blank=True, related_name="vnr_engagements"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="vnr_engagements"
    )
    outreach_sent = models.BooleanField(_("outreach sent"), default=False)
    guidance_shared = models.BooleanField(_("guidance shared"), default=False)
    meeting_held = models.BooleanField(_("meeting held"), default=False)
    unct_mobilized = models.BooleanField(_("UN country team mobilized"), default=False)
    vac_in_report = models.BooleanField(_("violence against children in the VNR report"), default=False)
    children_involved = models.BooleanField(_("children involved"), default=False)
    notes = models.TextField(_("notes"), max_length=TEXT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ScopedByStateQuerySet.as_manager()

    class Meta:
        ordering = ["-hlpf_year", "id"]
        verbose_name = _("VNR engagement")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(member_state__isnull=False, organization__isnull=True)
                    | models.Q(member_state__isnull=True, organization__isnull=False)
                ),
                name="vnr_exactly_one_presenter",
                violation_error_message=_("Give either a Member State or an organization, not both."),
            ),
            models.UniqueConstraint(
                fields=["hlpf_year", "member_state"],
                condition=models.Q(member_state__isnull=False),
                name="vnr_unique_state_year",
                violation_error_message=_("This State already has a VNR engagement for that year."),
            ),
            models.UniqueConstraint(
                fields=["hlpf_year", "organization"],
                condition=models.Q(organization__isnull=False),
                name="vnr_unique_organization_year",
                violation_error_message=_("This organization already has a VNR engagement for that year."),
            ),
            models.CheckConstraint(
                condition=models.Q(hlpf_year__gte=2000, hlpf_year__lte=2100),
                name="vnr_hlpf_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hlpf_year} {self.presenter}"

    @property
    def presenter(self) -> MemberState | Organization | None:
        return self.member_state or self.organization


class Term(models.Model):
    """One entry of a controlled vocabulary; its code is what the API speaks."""

    vocabulary = models.CharField(_("vocabulary"), max_length=30, choices=Vocabulary.choices)
    code = models.CharField(
        _("code"),
        max_length=60,
        validators=[RegexValidator(r"^[a-z0-9][a-z0-9_.]*$", _("Use lower-case letters, digits, _ and ."))],
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), max_length=NOTE_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["vocabulary", "code"]
        verbose_name = _("vocabulary term")
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="term_unique_code"),
        ]

    def __str__(self) -> str:
        return self.code if self.vocabulary == Vocabulary.SDG_TARGET else self.label

    @property
    def label(self) -> str:
        """The name in the active language (reference names are collected in `reference/term_names.py`)."""
        return gettext(self.name) if self.name else ""

    @property
    def sort_key(self) -> tuple:
        """Terms in numeric code order: SDG target 4.7 before 11.7, and 4.7 before 4.a."""
        return (self.vocabulary, term_code_sort_key(self.code))

    @property
    def history_label(self) -> str:
        """How pages list the term: an SDG target by code and title ("16.2 End abuse..."), else its name."""
        return f"{self.code} {self.label}" if self.vocabulary == Vocabulary.SDG_TARGET else self.label


def term_code_sort_key(code: str) -> tuple:
    """Sort key of a dotted code by its numbers: "4.7" < "4.a" < "11.7" < "16.2"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in code.split("."))


def terms_in_order(terms: Iterable[Term]) -> list[Term]:
    """Terms in numeric code order (`Term.sort_key`), e.g. a pledge's SDG targets as listed."""
    return sorted(terms, key=lambda term: term.sort_key)


class Indicator(models.Model):
    """One key figure the office tracks monthly against a yearly target."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=IndicatorSource.choices)
    yearly_target = models.PositiveIntegerField(_("default yearly target"), default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(models.Model):
    """The target of an indicator for one year, when it differs from the default."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.PositiveIntegerField(_("target"))

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.target}"


class IndicatorValue(models.Model):
    """A manually entered monthly value; `month` is the first day of the month."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    month = models.DateField(_("month"), validators=[validate_recorded_date])
    value = models.PositiveIntegerField(_("value"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "month"]
        verbose_name = _("monthly indicator value")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "month"], name="indicator_value_per_month"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="indicator_value_not_negative"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="indicator_value_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.month:%Y-%m}: {self.value}"
