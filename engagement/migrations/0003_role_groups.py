"""The three role groups and their model permissions."""

from django.db import migrations

READ_MODELS = {
    "engagement": [
        "memberstate",
        "region",
        "organization",
        "meeting",
        "vnrengagement",
        "followupaction",
        "term",
        "indicator",
        "indicatortarget",
        "indicatorvalue",
        "reminder",
    ],
    "visits": ["countryvisit", "visitsite"],
    "pledges": [
        "pledge",
        "progressreport",
        "reportverification",
        "ctaendorsement",
        "alliancemembership",
        "alliancemilestone",
        "peerexchange",
    ],
}
FOCAL_POINT_READ = {
    "engagement": ["memberstate", "region", "organization", "vnrengagement", "term"],
    "visits": ["countryvisit", "visitsite"],
    "pledges": [
        "pledge",
        "progressreport",
        "reportverification",
        "ctaendorsement",
        "alliancemembership",
        "alliancemilestone",
    ],
}


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(models_by_app, actions):
        return Permission.objects.filter(
            content_type__app_label__in=list(models_by_app),
            codename__in=[
                f"{action}_{model}"
                for models in models_by_app.values()
                for model in models
                for action in actions
            ],
        )

    staff, _ = Group.objects.get_or_create(name="Staff")
    staff.permissions.set(
        Permission.objects.filter(content_type__app_label__in=["engagement", "visits", "pledges"])
    )
    viewers, _ = Group.objects.get_or_create(name="Viewers")
    viewers.permissions.set(perms(READ_MODELS, ["view"]))
    focal_points, _ = Group.objects.get_or_create(name="Focal points")
    focal_points.permissions.set(
        list(perms(FOCAL_POINT_READ, ["view"])) + list(perms({"pledges": ["progressreport"]}, ["add"]))
    )


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
