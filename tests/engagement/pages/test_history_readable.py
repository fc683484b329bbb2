"""Change history as staff read it: labels, choice labels, formatted values, lists as text, who did it."""

from __future__ import annotations

import datetime as dt
import decimal
import re

import pytest

from engagement.choices import Vocabulary
from engagement.history import history_author, readable_history
from engagement.models import Term
from pledges.models import Pledge
from pledges.services import pledge_create, pledge_update
from tests.factories import state
from tests.pledges.admin.imports import confirm, csv_upload, preview


def sdg(*codes: str) -> list[Term]:
    return list(Term.objects.filter(vocabulary=Vocabulary.SDG_TARGET, code__in=codes))


@pytest.fixture
def officer(staff):
    staff.first_name, staff.last_name = "Alice", "Mwangi"
    staff.save()
    return staff


@pytest.fixture
def pledge(officer):
    pledge = pledge_create(
        by=officer,
        member_state=state("KEN"),
        origin="bogota_2024",
        made_on=dt.date(2024, 11, 8),
        title="Costed national action plan",
        area="legislation",
        sdg_targets=sdg("16.2"),
    )
    return pledge_update(
        pledge=pledge,
        by=officer,
        changes={
            "area": "policy_and_plans",
            "target_date": dt.date(2025, 6, 9),
            "budget_amount": decimal.Decimal("850000.00"),
            "budget_committed": True,
            "sdg_targets": sdg("16.2", "11.7", "4.7"),
        },
    )


def history_cells(page: str) -> str:
    section = page[page.index('id="history"') :]
    return re.sub(r"\s+", " ", section[: section.index("</table>")])


def test_the_pledge_page_history_reads_as_words_not_codes(web, officer, pledge):
    cells = history_cells(web(officer).get(f"/pledges/{pledge.pk}/").content.decode())
    assert "<dt>Commitment area</dt>" in cells  # the field's label, not `area`
    assert "<del>Legislation</del>" in cells
    assert "<ins>Policy and plans</ins>" in cells
    assert "<ins>9 June 2025</ins>" in cells
    assert "<ins>850,000.00</ins>" in cells
    assert "<del>No</del>" in cells
    assert "<ins>Yes</ins>" in cells
    assert "['16.2']" not in cells
    assert "sdg_targets" not in cells
    assert "16.2 End abuse, exploitation, trafficking" in cells


def test_sdg_targets_in_a_history_are_listed_in_numeric_order(web, officer, pledge):
    cells = history_cells(web(officer).get(f"/pledges/{pledge.pk}/").content.decode())
    latest = cells[cells.index("<dt>SDG targets</dt>") :]  # newest first: the change to three targets
    changed_to = latest[latest.index("<ins>") + 5 : latest.index("</ins>")]
    assert [label.split(" ")[0] for label in changed_to.split("; ")] == ["4.7", "11.7", "16.2"]


def test_the_history_names_who_made_the_change_and_formats_when(web, officer, pledge):
    cells = history_cells(web(officer).get(f"/pledges/{pledge.pk}/").content.decode())
    assert "<td>Alice Mwangi</td>" in cells
    assert "Who: —" not in cells
    assert "<td>—</td>" not in cells
    when = pledge.history.latest("history_date").history_date
    assert f"{when:%B} {when.year}, " in cells  # e.g. "1 December 2025, 20:43", not an ISO stamp
    assert "T" + f"{when:%H}" not in cells


def test_a_change_without_a_user_is_the_systems(pledge):
    record = pledge.history.latest("history_date")
    record.history_user = None
    record.history_change_reason = "Pledge edited"
    assert history_author(record) == "system"


def test_an_imported_change_says_import(admin_client, reference_data):
    header = ["member_state", "origin", "made_on", "title", "area", "sdg_targets", "status", "progress"]
    row = [
        "KEN",
        "bogota_2024",
        "2024-11-08",
        "Birth registration",
        "legislation",
        "16.2;4.7",
        "planned",
        "0",
    ]
    confirm(admin_client, "pledge", preview(admin_client, "pledge", csv_upload(header, [row])))
    pledge = Pledge.objects.get(title="Birth registration")
    records = list(pledge.history.select_related("history_user").order_by("history_date", "history_id"))
    entries = readable_history(records, fields=["title", "sdg_targets"])
    assert entries[0].by == "admin (import)"
    assert all(record.history_change_reason.startswith("import") for record in records)


def test_a_page_edit_is_not_marked_as_an_import(officer, pledge):
    assert not any(
        (record.history_change_reason or "").startswith("import") for record in pledge.history.all()
    )


def test_a_focal_point_sees_no_staff_only_field_in_the_history(web, officer, pledge, focal_ken):
    pledge_update(pledge=pledge, by=officer, changes={"responsible_staff": officer})
    staff_cells = history_cells(web(officer).get(f"/pledges/{pledge.pk}/").content.decode())
    assert "<dt>Responsible staff member</dt>" in staff_cells
    page = web(focal_ken).get(f"/pledges/{pledge.pk}/").content.decode()
    assert "Responsible staff member" not in history_cells(page)


def test_the_pledge_page_lists_its_sdg_targets_in_numeric_order_with_their_titles(web, officer, pledge):
    page = web(officer).get(f"/pledges/{pledge.pk}/").content.decode()
    facts = page[page.index("<dt>SDG targets</dt>") :]
    facts = facts[facts.index("<dd>") + 4 : facts.index("</dd>")]
    assert [label.split(" ")[0] for label in facts.split("; ")] == ["4.7", "11.7", "16.2"]
    assert "16.2 End abuse, exploitation, trafficking" in facts
