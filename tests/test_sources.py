"""Every figure keeps its source; the 2018 notice's figures are data notes beside the report's
table, never a 2018 result, and where they disagree the latest report's table stays the figure
of record."""

from __future__ import annotations

from bot.answer import to_result
from storage.snapshot import load_snapshot
from tests.support.editions import egov

# [S3] in shared/research/index-evolution.md: the 2018 results notice.
NOTICE_2018 = {"so-y-te": ("184,9", 1), "ban-dan-toc": ("114,5", 19),
               "tp-dien-bien-phu": ("186,6", 1), "h-nam-po": ("134,1", 10),
               "so-tttt": ("166,5", 4)}


def test_notice_figures_are_notes_with_their_source_not_a_result(db):
    snapshot = load_snapshot(db)
    assert 2018 not in snapshot.scored_years
    for unit_id, (total, rank) in NOTICE_2018.items():
        result = snapshot.result(unit_id, 2018)
        assert result.total is None  # never a full 2018 result
        assert result.scores is None
        note = next(n for n in result.notes if "Thông báo kết quả" in n)
        assert f"{total} điểm, hạng {rank}" in note


def test_sources_disagree_and_the_report_table_stays_the_figure_of_record(db):
    snapshot = load_snapshot(db)
    tttt = snapshot.result("so-tttt", 2018)
    assert tttt.rank == 6  # the 2019 report's "Xếp hạng 2018" column
    note = next(n for n in tttt.notes if "Thông báo" in n)
    assert "hạng 4" in note
    assert "là hạng 6" in note
    assert to_result(tttt, snapshot).notes == list(tttt.notes)


def test_egov_check_lists_the_disagreement(db_path):
    done = egov("check")
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if "Sở Thông tin và Truyền thông" in x
                and "Thông báo" in x)
    assert line.strip().startswith("2018 ·")
    assert "hạng 4" in line


def test_each_result_names_where_it_was_published(db):
    snapshot = load_snapshot(db)
    assert "bảng xếp hạng" in snapshot.result("so-y-te", 2019).source
    assert "Xếp hạng 2018" in snapshot.result("so-y-te", 2018).source
