"""Routes of the pledges API under /api/v1/."""

from rest_framework.routers import SimpleRouter

from pledges.api import views

router = SimpleRouter()
router.register("pledges", views.PledgeViewSet, basename="pledge")
router.register(r"pledges/(?P<pledge_pk>\d+)/reports", views.ProgressReportViewSet, basename="pledge-report")
router.register(
    r"pledges/(?P<pledge_pk>\d+)/reports/(?P<report_pk>\d+)/verifications",
    views.ReportVerificationViewSet,
    basename="report-verification",
)
router.register("cta-endorsements", views.CtaEndorsementViewSet, basename="cta-endorsement")
router.register("alliance-memberships", views.AllianceMembershipViewSet, basename="alliance-membership")
router.register("public/pledges", views.PublicPledgeViewSet, basename="public-pledge")

urlpatterns = router.urls
