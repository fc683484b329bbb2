"""Writes of the ground floor: accounts, VNR engagements and the reference data."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override
from knox.models import AuthToken

from engagement.choices import Role
from engagement.models import (
    VNR_STAGES,
    Indicator,
    MemberState,
    Organization,
    Region,
    Term,
    User,
    VnrEngagement,
)
from engagement.roles import role_groups_ensure, staff_write_check

USER_UPDATABLE_FIELDS = (
    "email",
    "first_name",
    "last_name",
    "role",
    "member_state",
    "language",
    "weekly_digest",
    "is_active",
)


# The generic update every app's update services build on (after HackSoft's Django styleguide).

M = TypeVar("M", bound=models.Model)


def _differs(instance: models.Model, field: Any, value: Any) -> bool:
    """Whether setting `value` would change the instance; a foreign key is compared by id (no query)."""
    if field.many_to_one or field.one_to_one:
        if value is None:
            return getattr(instance, field.attname) is not None
        if isinstance(value, models.Model) and value.pk is not None:
            return getattr(instance, field.attname) != getattr(value, field.target_field.attname)
    return getattr(instance, field.name) != value


def _m2m_differs(instance: models.Model, field: Any, values: list[Any]) -> bool:
    """Whether the related rows named by `values` (objects or primary keys) differ from the current ones."""
    pk = field.related_model._meta.pk
    wanted = {pk.to_python(value.pk if isinstance(value, models.Model) else value) for value in values}
    manager = getattr(instance, field.name)
    if manager.prefetch_cache_name in getattr(instance, "_prefetched_objects_cache", {}):
        current = {related.pk for related in manager.all()}
    else:
        current = set(manager.values_list("pk", flat=True))
    return wanted != current


def _has_auto_updated_at(instance: models.Model) -> bool:
    try:
        return getattr(instance._meta.get_field("updated_at"), "auto_now", False)
    except FieldDoesNotExist:
        return False


def _refuse_unknown(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    refused = [name for name in data if name not in allowed]
    if refused:
        raise ValidationError({name: [_("This field cannot be changed here.")] for name in refused})


def _save_fields(
    instance: models.Model, changed: list[str], *, by: User | None, reason: str, auto_updated_at: bool
) -> None:
    """One save of the changed fields (and `updated_at`), recorded in history with its user and reason."""
    update_fields = list(changed)
    if auto_updated_at and "updated_at" not in update_fields and _has_auto_updated_at(instance):
        update_fields.append("updated_at")
    if by is not None:
        # simple_history records who made the change; left unset, it falls back to the request's user.
        instance._history_user = by
    if reason:
        instance._change_reason = reason
    instance.save(update_fields=update_fields)


def model_update(
    *,
    instance: M,
    fields: Iterable[str],
    data: Mapping[str, Any],
    by: User | None = None,
    reason: str = "",
    auto_updated_at: bool = True,
    clean: Callable[[M], None] | None = None,
) -> tuple[M, list[str]]:
    """Apply `data` to `instance`, writing only what changed; the update services of every app use it.

    - Every key of `data` must be one of `fields`; otherwise nothing is touched and a
      ValidationError names each refused key ("This field cannot be changed here.").
    - A plain field (foreign keys included) is set only when its value differs. A many-to-many
      field takes an iterable of objects or primary keys and is `.set()` after the save, only
      when the set of ids differs.
    - `clean`, when given, is the service's validation (its own rules, then `full_clean()` if
      the service wants one): it is called once the new values are set and before anything is
      written, whether or not something changed; this helper never calls `full_clean()` itself.
    - The row is saved once, and only when one of `fields` differs after `clean` (a normalising
      `clean` counts), with `update_fields` naming those fields plus `updated_at` when the model has
      an `auto_now` one and `auto_updated_at` is true. `by` (when given) becomes the history user
      and `reason` (when given) the history change reason, so each save writes one history row.
      Nothing changed: no save, no history row.

    Returns the instance and the names of the fields that changed: the plain ones of `data` in
    its order, then any other of `fields` that `clean` changed, then the many-to-many ones.
    Call it inside the service's transaction, so that a failure after the save (a many-to-many
    set, the service's own later writes) rolls the save back too.
    """
    allowed = list(dict.fromkeys(fields))
    _refuse_unknown(data, allowed)
    model_fields = {name: instance._meta.get_field(name) for name in allowed}
    plain = [name for name in allowed if not model_fields[name].many_to_many]
    before = {name: model_fields[name].value_from_object(instance) for name in plain}
    relations: dict[str, list[Any]] = {}
    for name, value in data.items():
        field = model_fields[name]
        if field.many_to_many:
            relations[name] = list(value)
        elif _differs(instance, field, value):
            setattr(instance, name, value)
    if clean is not None:
        clean(instance)
    changed = [
        name
        for name in dict.fromkeys([*data, *plain])
        if name in before and model_fields[name].value_from_object(instance) != before[name]
    ]
    if changed:
        _save_fields(instance, changed, by=by, reason=reason, auto_updated_at=auto_updated_at)
    for name, values in relations.items():
        if _m2m_differs(instance, model_fields[name], values):
            getattr(instance, name).set(values)
            changed.append(name)
    return instance, changed


def password_set_link(user: User) -> str:
    """The absolute link a new user follows to choose a password (Django's reset-confirm page)."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return f"{settings.SITE_URL}/accounts/reset/{uidb64}/{token}/"


def _check_role_and_state(*, role: str, member_state: MemberState | None) -> None:
    if role not in Role.values:
        raise ValidationError({"role": [_("Unknown role '%(role)s'.") % {"role": role}]})
    if role == Role.FOCAL_POINT and member_state is None:
        raise ValidationError({"member_state": [_("A focal point speaks for one Member State: name it.")]})
    if role != Role.FOCAL_POINT and member_state is not None:
        raise ValidationError({"member_state": [_("Only focal points are linked to a Member State.")]})


def _send_password_set_email(user: User) -> None:
    with override(user.language):
        send_mail(
            subject=_("Your account on the OSRSG-VAC tracker"),
            message=_(
                "An account was opened for you (user name: %(username)s).\n\n"
                "Choose your password here:\n%(link)s\n"
            )
            % {"username": user.username, "link": password_set_link(user)},
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str,
    role: str,
    member_state: MemberState | None = None,
    language: str = "en",
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    weekly_digest: bool = True,
) -> User:
    """Open an account; without a password the user is e-mailed a link to choose one.

    Rule: a focal point names exactly one Member State, the other roles none.
    """
    _check_role_and_state(role=role, member_state=member_state)
    if not password and not email:
        raise ValidationError({"email": [_("Without a password, an e-mail address is needed.")]})
    user = User(
        username=username,
        email=email,
        role=role,
        is_staff=role == Role.STAFF,
        member_state=member_state,
        language=language,
        first_name=first_name,
        last_name=last_name,
        weekly_digest=weekly_digest,
    )
    if password:
        try:
            validate_password(password, user=user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from error
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if not password:
        transaction.on_commit(lambda: _send_password_set_email(user))
    return user


def _clean_user(user: User) -> None:
    _check_role_and_state(role=user.role, member_state=user.member_state)
    user.full_clean(exclude=["password"])


def _check_email_free(*, user: User, email: str) -> None:
    """An e-mail address names one account (password resets go to it); blank is allowed."""
    if email and User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": [_("Another account already uses this e-mail address.")]})


@transaction.atomic
def user_update(*, user: User, data: dict[str, Any]) -> User:
    """Change an account; deactivating it (`is_active=False`) revokes every API token it holds."""
    fields: tuple[str, ...] = USER_UPDATABLE_FIELDS
    values = dict(data)
    _check_email_free(user=user, email=data.get("email", ""))
    if "role" in data and "is_staff" not in data:
        # The staff flag follows the role; a caller naming `is_staff` itself is refused.
        values["is_staff"] = data["role"] == Role.STAFF
        fields = (*fields, "is_staff")
    model_update(instance=user, fields=fields, data=values, clean=_clean_user)
    if not user.is_active:
        AuthToken.objects.filter(user=user).delete()
    return user


@transaction.atomic
def member_state_update_talking_points(
    *, member_state: MemberState, talking_points: str, by: User | None, based_on: int | None = None
) -> list[str]:
    """Replace the talking points staff keep on a State; its history records who changed them, and when.

    Rule: staff only. With `based_on` (the id of the State's latest history record when the editor
    opened the form, 0 when it had none), a change saved by someone else in between is refused, not
    overwritten (a ValidationError on `talking_points`, code `stale_edit`). Returns the fields changed.
    """
    staff_write_check(by)
    locked = MemberState.objects.select_for_update().get(pk=member_state.pk)
    latest = locked.history.order_by("-history_id").values_list("history_id", flat=True).first()
    if based_on is not None and (latest or 0) != based_on:
        message = _("Someone saved other talking points after you opened the page: read them, then edit.")
        raise ValidationError({"talking_points": [ValidationError(message, code="stale_edit")]})

    def clean(state: MemberState) -> None:
        # A TextField's max_length bounds forms, not the model: checked here for every caller.
        limit = MemberState._meta.get_field("talking_points").max_length
        if len(state.talking_points) > limit:
            message = _("Keep the talking points under %(limit)d characters.") % {"limit": limit}
            raise ValidationError({"talking_points": [message]})

    changed = model_update(
        instance=locked,
        fields=("talking_points",),
        data={"talking_points": talking_points.strip()},
        by=by,
        reason="Talking points updated",
        clean=clean,
    )[1]
    member_state.talking_points = locked.talking_points
    return changed


VNR_FIELDS = ("hlpf_year", "member_state", "organization", "notes", *VNR_STAGES)


# As the model's check constraint `vnr_hlpf_year_range`; checked here for a message naming the field.
HLPF_YEARS = (2000, 2100)


# The code of a ValidationError for a presenter already engaged that year: the API answers 409.
DUPLICATE = "duplicate"


def _check_engagement(engagement: VnrEngagement) -> None:
    """Exactly one presenter, and one engagement per presenter and year."""
    if not HLPF_YEARS[0] <= engagement.hlpf_year <= HLPF_YEARS[1]:
        raise ValidationError(
            {
                "hlpf_year": [
                    _("Give an HLPF year between %(first)s and %(last)s.")
                    % {"first": HLPF_YEARS[0], "last": HLPF_YEARS[1]}
                ]
            }
        )
    if engagement.member_state_id and engagement.organization_id:
        raise ValidationError(
            {"organization": [_("Give either a Member State or an organization, not both.")]}
        )
    if not engagement.member_state_id and not engagement.organization_id:
        raise ValidationError({"member_state": [_("Give the presenting Member State or organization.")]})
    field = "member_state" if engagement.member_state_id else "organization"
    others = VnrEngagement.objects.filter(
        hlpf_year=engagement.hlpf_year, **{f"{field}_id": getattr(engagement, f"{field}_id")}
    ).exclude(pk=engagement.pk)
    if others.exists():
        message = _("%(presenter)s already has a VNR engagement for %(year)s.") % {
            "presenter": engagement.presenter,
            "year": engagement.hlpf_year,
        }
        raise ValidationError({field: [ValidationError(message, code=DUPLICATE)]})
    engagement.full_clean()


def _save(engagement: VnrEngagement, by: User | None) -> VnrEngagement:
    _check_engagement(engagement)
    if by is not None:
        engagement._history_user = by
    engagement.save()
    return engagement


@transaction.atomic
def vnr_engagement_create(
    *,
    hlpf_year: int,
    member_state: MemberState | None = None,
    organization: Organization | None = None,
    notes: str = "",
    by: User | None = None,
    **stages: bool,
) -> VnrEngagement:
    """Record a VNR presenter for an HLPF year, with the stages already reached."""
    staff_write_check(by)
    unknown = set(stages) - set(VNR_STAGES)
    if unknown:
        raise ValidationError({field: [_("Unknown VNR stage.")] for field in unknown})
    engagement = VnrEngagement(
        hlpf_year=hlpf_year, member_state=member_state, organization=organization, notes=notes, **stages
    )
    return _save(engagement, by)


@transaction.atomic
def vnr_engagement_update(
    *, engagement: VnrEngagement, data: dict[str, Any], by: User | None = None
) -> VnrEngagement:
    """Change a VNR engagement (presenter, year, stages, notes)."""
    staff_write_check(by)
    model_update(instance=engagement, fields=VNR_FIELDS, data=data, by=by, clean=_check_engagement)
    return engagement


@transaction.atomic
def vnr_stage_set(
    *, engagement: VnrEngagement, stage: str, done: bool, by: User | None = None
) -> VnrEngagement:
    """Mark one outreach stage reached (or not) for a presenter."""
    staff_write_check(by)
    if stage not in VNR_STAGES:
        raise ValidationError({"stage": [_("Unknown VNR stage '%(stage)s'.") % {"stage": stage}]})
    setattr(engagement, stage, done)
    if by is not None:
        engagement._history_user = by
    engagement.save(update_fields=[stage, "updated_at"])
    return engagement


@transaction.atomic
def vnr_engagement_delete(*, engagement: VnrEngagement, by: User | None) -> None:
    """Remove a presenter added by mistake; its history keeps the removed row and who removed it."""
    staff_write_check(by)
    engagement._history_user = by
    engagement._change_reason = "VNR presenter removed"
    engagement.delete()


@dataclass
class VnrBulkResult:
    """What a pasted list of ISO3 codes did: the presenters added, the States already on the board."""

    added: list[VnrEngagement]
    skipped: list[MemberState]


def _states_by_code(codes: Iterable[str]) -> dict[str, MemberState]:
    """The States of `codes` (upper-cased, each once, in order); unknown codes are named, all at once."""
    wanted = list(dict.fromkeys(code.strip().upper() for code in codes if code.strip()))
    if not wanted:
        raise ValidationError({"codes": [_("Give at least one ISO3 code.")]})
    states = MemberState.objects.in_bulk(wanted, field_name="iso3")
    unknown = [code for code in wanted if code not in states]
    if unknown:
        raise ValidationError(
            {
                "codes": [
                    _("Unknown ISO3 codes: %(codes)s. Nothing was added.") % {"codes": ", ".join(unknown)}
                ]
            }
        )
    return {code: states[code] for code in wanted}


@transaction.atomic
def vnr_engagement_bulk_create(*, hlpf_year: int, codes: Iterable[str], by: User | None) -> VnrBulkResult:
    """Add a year's official presenters from a list of ISO3 codes, all of them or none.

    Rule: one unknown code refuses the whole list (the error names every unknown code); a State
    already presenting that year is skipped and reported, not an error.
    """
    staff_write_check(by)
    states = _states_by_code(codes)
    present = set(
        VnrEngagement.objects.filter(hlpf_year=hlpf_year, member_state__in=states.values()).values_list(
            "member_state_id", flat=True
        )
    )
    result = VnrBulkResult(added=[], skipped=[])
    for member_state in states.values():
        if member_state.pk in present:
            result.skipped.append(member_state)
        else:
            result.added.append(_save(VnrEngagement(hlpf_year=hlpf_year, member_state=member_state), by))
    return result


REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


@dataclass
class LoadCounts:
    """How many rows each table gained or changed."""

    created: dict[str, int] = dataclasses.field(default_factory=dict)
    updated: dict[str, int] = dataclasses.field(default_factory=dict)

    def add(self, table: str, *, created: bool, changed: bool) -> None:
        if created:
            self.created[table] = self.created.get(table, 0) + 1
        elif changed:
            self.updated[table] = self.updated.get(table, 0) + 1


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _upsert(model, counts: LoadCounts, lookup: dict, values: dict):
    """Create or update one row, touching the database only when something differs."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model.objects.create(**lookup, **values)
        counts.add(model.__name__, created=True, changed=False)
        return instance
    changed = {key: value for key, value in values.items() if getattr(instance, key) != value}
    if changed:
        for key, value in changed.items():
            setattr(instance, key, value)
        instance.save(update_fields=list(changed))
        counts.add(model.__name__, created=False, changed=True)
    return instance


def _load_states(counts: LoadCounts) -> None:
    for row in _rows("member_states.csv"):
        region = _upsert(Region, counts, {"m49": row["region_m49"]}, {"name": row["region"], "parent": None})
        subregion = _upsert(
            Region, counts, {"m49": row["subregion_m49"]}, {"name": row["subregion"], "parent": region}
        )
        _upsert(
            MemberState,
            counts,
            {"iso3": row["iso3"]},
            {
                "m49": row["m49"],
                "name": row["name"],
                "region": region,
                "subregion": subregion,
                "is_un_member": row["is_un_member"] == "true",
            },
        )


def _load_organizations(counts: LoadCounts) -> None:
    states = dict(MemberState.objects.values_list("iso3", "pk"))
    for row in _rows("organizations.csv"):
        organization = _upsert(
            Organization, counts, {"name": row["name"]}, {"acronym": row["acronym"], "kind": row["kind"]}
        )
        wanted = {states[iso3] for iso3 in row["member_states"].split()}
        current = set(organization.member_states.values_list("pk", flat=True))
        if wanted != current:
            organization.member_states.set(wanted)
            counts.add("Organization membership list", created=not current, changed=True)


def _load_vocabularies(counts: LoadCounts) -> None:
    for row in _rows("vocabularies.csv"):
        _upsert(
            Term,
            counts,
            {"vocabulary": row["vocabulary"], "code": row["code"]},
            {"name": row["name"], "description": row["description"]},
        )
    for row in _rows("indicators.csv"):
        _upsert(
            Indicator,
            counts,
            {"code": row["code"]},
            {
                "name": row["name"],
                "unit": row["unit"],
                "source": row["source"],
                "yearly_target": int(row["yearly_target"]),
            },
        )


@transaction.atomic
def reference_data_load() -> LoadCounts:
    """Load States, regions, organizations, vocabularies and indicators; a second run changes nothing."""
    counts = LoadCounts()
    role_groups_ensure()
    _load_states(counts)
    _load_organizations(counts)
    _load_vocabularies(counts)
    return counts
