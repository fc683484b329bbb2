"""VNR board paths that can never name a record are 404s, never a 500 (found in review)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/vnr/0/", "/vnr/99999/"])
def test_a_path_that_names_no_record_is_not_found(web, staff, path):
    assert web(staff).get(path).status_code == 404
