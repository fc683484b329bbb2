from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from engagement.choices import Role
from engagement.roles import view


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Country visits")
    # What viewers and focal points may hold of this app's models (staff hold everything).
    role_permissions = {
        Role.VIEWER: view("countryvisit", "visitsite"),
        Role.FOCAL_POINT: view("countryvisit", "visitsite"),
    }
