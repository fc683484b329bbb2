from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from engagement.choices import Role
from engagement.roles import view


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Pledges and commitments")
    # What viewers and focal points may hold of this app's models (staff hold everything).
    role_permissions = {
        Role.VIEWER: view(
            "pledge", "progressreport", "reportverification", "ctaendorsement", "alliancemembership",
            "alliancemilestone", "peerexchange",
        ),
        Role.FOCAL_POINT: [
            *view(
                "pledge", "progressreport", "reportverification", "ctaendorsement",
                "alliancemembership", "alliancemilestone",
            ),
            "add_progressreport",
        ],
    }  # fmt: skip

    def ready(self) -> None:
        from engagement.api.views import MemberStateViewSet
        from engagement.context_processors import nav_count_register
        from pledges.selectors import (
            member_states_with_commitment_flags,
            reports_awaiting_verification_count,
            visit_commitments,
        )
        from visits.views import VISIT_PANELS

        MemberStateViewSet.annotation_register(member_states_with_commitment_flags)
        VISIT_PANELS.register(template="pledges/_visit_commitments.html", rows=visit_commitments, order=20)
        nav_count_register("verification", reports_awaiting_verification_count)
