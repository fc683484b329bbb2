"""A focal point reads the accountability parts of its pages in French and Spanish."""

from __future__ import annotations

import pytest

from pledges.models import ReportVerification
from tests.factories import MembershipFactory, PledgeFactory, ProgressReportFactory, state


@pytest.fixture
def disputed(reference_data, focal_ken, staff):
    pledge = PledgeFactory(member_state=state("KEN"))
    report = ProgressReportFactory(pledge=pledge, author=focal_ken)
    ReportVerification.objects.create(report=report, verdict="disputed", note="?", verified_by=staff)
    MembershipFactory(member_state=state("KEN"))
    return pledge


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "fr",
            ["Répondre par un nouveau rapport", "Avancement vérifié", "Liste de contrôle SMART", "Contesté"],
        ),
        (
            "es",
            ["Responder con un nuevo informe", "Avance verificado", "Lista de control SMART", "Cuestionado"],
        ),
    ],
)
def test_pledge_page_speaks_the_focal_points_language(web, focal_ken, disputed, language, words):
    focal_ken.language = language  # the account's language, whatever the browser asks
    focal_ken.save(update_fields=["language"])
    page = web(focal_ken).get(f"/pledges/{disputed.pk}/", headers={"accept-language": language})
    text = page.content.decode()
    assert all(word in text for word in words), [word for word in words if word not in text]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("fr", ["Chronologie", "Marquer comme réalisée", "En souffrance"]),
        ("es", ["Cronología", "Marcar como realizado", "Estancado"]),
    ],
)
def test_state_page_speaks_the_focal_points_language(web, focal_ken, disputed, language, words):
    focal_ken.language = language
    focal_ken.save(update_fields=["language"])
    text = web(focal_ken).get("/states/KEN/", headers={"accept-language": language}).content.decode()
    assert all(word in text for word in words), [word for word in words if word not in text]
