"""`seed_scale` writes pledges whose stored verification is the one their reports give."""

from __future__ import annotations

import io

from django.core.management import call_command

from pledges.models import Pledge
from pledges.selectors import pledges_with_computed_verification


def test_seeded_pledges_store_the_verification_of_their_reports(reference_data):
    call_command("seed_scale", factor=1, stdout=io.StringIO())
    pledges = pledges_with_computed_verification(Pledge.objects.all())
    stored = {(p.pk, p.verified_progress, p.last_verified_at) for p in pledges}
    assert len(stored) == 500
    assert stored == {(p.pk, p.computed_verified_progress, p.computed_last_verified_at) for p in pledges}
