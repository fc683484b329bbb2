from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from engagement.choices import Role
from engagement.roles import view


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Engagement")
    # What viewers and focal points may hold of this app's models (staff hold everything).
    role_permissions = {
        Role.VIEWER: view(
            "memberstate", "region", "organization", "vnrengagement", "term", "indicator",
            "indicatortarget", "indicatorvalue",
        ),
        Role.FOCAL_POINT: view("memberstate", "region", "organization", "vnrengagement", "term"),
    }  # fmt: skip

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from engagement.roles import role_groups_after_migrate

        post_migrate.connect(role_groups_after_migrate, dispatch_uid="engagement:role-groups")

        from simple_history.signals import pre_create_historical_record

        from engagement.history import mark_history_origin

        pre_create_historical_record.connect(mark_history_origin, dispatch_uid="engagement:history-origin")
