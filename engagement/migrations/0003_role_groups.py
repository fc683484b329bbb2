"""The three role groups and their model permissions."""

from django.db import migrations


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from engagement.roles import role_groups_ensure

    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    role_groups_ensure(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def drop_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Staff", "Viewers", "Focal points"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0002_initial"),
        ("pledges", "0002_append_only_triggers"),
        ("visits", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, drop_groups)]
