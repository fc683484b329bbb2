"""Paths that can never name a record are 404s, never a 500 (found in review)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path",
    ["/states/%00/", "/states/KE/", "/alliance/%00/milestones/x/",
     "/reports/annual/0/", "/reports/annual/99999/", "/vnr/0/", "/vnr/99999/"],
)  # fmt: skip
def test_a_path_that_names_no_record_is_not_found(web, staff, path):
    assert web(staff).get(path).status_code == 404
