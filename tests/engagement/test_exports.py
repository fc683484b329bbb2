"""The streamed CSV's pieces (engagement/exports.py): chunks, formula defusing, timestamps."""

from __future__ import annotations

import csv
import datetime as dt
import io

from engagement.exports import (
    FORMULA_STARTS,
    csv_chunks,
    datetime_cell_writer,
    defuse_formula,
    defuse_text_cells,
    restore_formula,
)


def csv_text(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def test_chunks_are_the_csv_modules_text_cut_every_chunk_size_rows():
    rows = [[index, f"row, {index}", 'say "hi"\n', None, True] for index in range(7)]
    chunks = list(csv_chunks(["a", "b", "c", "d", "e"], rows, chunk_size=3))
    assert len(chunks) == 3
    assert "".join(chunks) == csv_text([["a", "b", "c", "d", "e"], *rows])


def test_a_list_with_no_rows_is_its_header_alone():
    assert list(csv_chunks(["id", "title"], [])) == ["id,title\r\n"]


def test_only_the_text_cells_named_are_defused_as_defuse_formula_does():
    starts = [f"{start}x" for start in FORMULA_STARTS]
    cells = defuse_text_cells([*starts, "plain", "", "=kept"], range(len(starts) + 2))
    assert cells == [*(defuse_formula(cell) for cell in starts), "plain", "", "=kept"]
    assert all(cell.startswith("'") for cell in cells[: len(starts)])


def test_timestamps_are_written_as_drf_writes_them():
    write = datetime_cell_writer()
    assert write(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC)) == "2025-06-01T12:00:00Z"
    assert write(dt.datetime(2025, 6, 1, 12, 0, 0, 5, tzinfo=dt.UTC)) == "2025-06-01T12:00:00.000005Z"
    assert write(None) == ""


def test_defusing_is_undone_exactly_and_leaves_ordinary_apostrophes():
    tricky = ['=HYPERLINK("http://x")', "+1 phone", "-dash", "@mention", "\tTab", "\rReturn"]
    tricky += ["'=already prefixed", "''", "'", "'Tis the season", "plain", "", "''=two", "'" * 3]
    for value in tricky:
        assert restore_formula(defuse_formula(value)) == value, value
    assert defuse_formula("=SUM(A1:A9)") == "'=SUM(A1:A9)"
    assert defuse_formula("'=SUM(A1:A9)") == "''=SUM(A1:A9)"  # else restoring would strip a real '
    assert defuse_formula("'Tis") == "'Tis"
    assert restore_formula("'Tis") == "'Tis"  # a hand-made file keeps its apostrophes
    assert defuse_text_cells(["'=x", "'Tis"], [0, 1]) == ["''=x", "'Tis"]
