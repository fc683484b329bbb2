"""After migrations, PostgreSQL's catalogue holds every declared constraint, index and append-only trigger."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, models

from tests.test_layout import APPS

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL catalogue (pg_constraint, pg_index, pg_trigger) only; this database is not PostgreSQL",
)

# pg_trigger.tgtype bits (PostgreSQL's TRIGGER_TYPE_* in catalog/pg_trigger.h).
TRIGGER_BEFORE = 1 << 1
TRIGGER_DELETE = 1 << 3
TRIGGER_UPDATE = 1 << 4

APPEND_ONLY_TRIGGERS = [
    ("pledges_progressreport", "pledges_progressreport_append_only"),
    ("pledges_reportverification", "pledges_reportverification_append_only"),
    ("pledges_evidencefile", "pledges_evidencefile_append_only"),
]


def declared_models() -> list[type[models.Model]]:
    """The project's models with a table of their own that declare constraints or indexes."""
    return [
        model
        for config in apps.get_app_configs()
        if config.name in APPS
        for model in config.get_models()
        if model._meta.managed and not model._meta.proxy and (model._meta.constraints or model._meta.indexes)
    ]


def expected_kind(declared: models.Index | models.BaseConstraint) -> str:
    """Which flag of introspection's entry the declaration must set: a partial unique is an index there."""
    if isinstance(declared, models.CheckConstraint):
        return "check"
    if isinstance(declared, models.UniqueConstraint):
        return "unique"
    return "index"


@pytest.mark.parametrize("model", declared_models(), ids=lambda model: model._meta.label)
def test_every_declared_constraint_and_index_exists_on_the_models_table(db, model):
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    declared = [
        constraint
        for constraint in model._meta.constraints
        if isinstance(constraint, models.CheckConstraint | models.UniqueConstraint)
    ] + list(model._meta.indexes)
    missing = [
        f"{type(item).__name__} {item.name}"
        for item in declared
        if not found.get(item.name, {}).get(expected_kind(item))
    ]
    assert not missing, f"missing on {model._meta.db_table}: {', '.join(missing)}"


@pytest.mark.parametrize(
    ("table", "trigger"), APPEND_ONLY_TRIGGERS, ids=[trigger for _, trigger in APPEND_ONLY_TRIGGERS]
)
def test_the_append_only_trigger_refuses_updates_and_deletes_before_they_happen(db, table, trigger):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgtype, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s AND c.relname = %s AND NOT t.tgisinternal "
            "AND pg_catalog.pg_table_is_visible(c.oid)",
            [trigger, table],
        )
        row = cursor.fetchone()
    assert row is not None, f"no trigger {trigger} on {table}"
    tgtype, enabled = row
    wanted = TRIGGER_BEFORE | TRIGGER_UPDATE | TRIGGER_DELETE
    assert tgtype & wanted == wanted, f"{trigger} does not fire BEFORE UPDATE OR DELETE (tgtype {tgtype})"
    # 'D' is a trigger switched off with ALTER TABLE ... DISABLE TRIGGER: present but guarding nothing.
    assert enabled != "D", f"{trigger} is disabled"
