"""Visits (desk button, daily entry, gate counter) and copies read in place."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from libnet.circulation import selectors, services
from libnet.circulation.errors import VisitRefused
from libnet.circulation.models import InLibraryUse, VisitCount
from libnet.stats.models import DailyStat

DAY = dt.date(2026, 3, 2)


def visits_figure(library, day=DAY) -> int:
    row = DailyStat.objects.filter(library=library, indicator="visits", day=day).first()
    return row.value if row else 0


def test_the_desk_button_adds_visits(minh, desk, at):
    services.record_visits(library=desk, day=DAY, count=1, source="desk", by=minh.user, at=at)
    row = services.record_visits(library=desk, day=DAY, count=3, source="desk", by=minh.user, at=at)
    assert row.count == 4
    assert visits_figure(desk) == 4


def test_the_daily_entry_sets_the_days_figure_and_a_correction_replaces_it(minh, desk, at):
    services.record_visits(library=desk, day=DAY, count=40, source="manual", by=minh.user, at=at)
    services.record_visits(library=desk, day=DAY, count=35, source="manual", by=minh.user, at=at)
    assert VisitCount.objects.get(library=desk, day=DAY, source="manual").count == 35
    assert visits_figure(desk) == 35


def test_a_days_visits_add_up_every_source(minh, desk, at):
    services.record_visits(library=desk, day=DAY, count=2, source="desk", by=minh.user, at=at)
    services.record_visits(library=desk, day=DAY, count=30, source="gate", by=minh.user, at=at)
    assert selectors.visits_on(library=desk, day=DAY) == 32
    assert visits_figure(desk) == 32


@pytest.mark.parametrize(
    ("count", "source", "day", "code"),
    [
        (-1, "manual", DAY, "invalid_count"),
        (0, "desk", DAY, "desk_count_positive"),
        (5, "manual", dt.date(2026, 3, 3), "future_day"),
        (5, "guess", DAY, "invalid_source"),
    ],
)
def test_visits_are_refused_when_they_cannot_be_right(minh, desk, at, count, source, day, code):
    with pytest.raises(VisitRefused) as refusal:
        services.record_visits(
            library=desk, day=day, count=count, source=source, by=minh.user, at=at
        )
    assert refusal.value.code == code
    assert not VisitCount.objects.exists()


def test_copies_read_in_place_are_counted(minh, desk, copy, at):
    services.record_in_library_use(library=desk, item=copy, by=minh.user, at=at)
    services.record_in_library_use(library=desk, count=4, by=minh.user, at=at)
    assert InLibraryUse.objects.count() == 2
    assert DailyStat.objects.get(library=desk, indicator="in_library_uses").value == 5
    with pytest.raises(VisitRefused):
        services.record_in_library_use(library=desk, count=0, by=minh.user, at=at)


def test_import_visits_sets_each_day_and_reports_bad_rows(desk, tmp_path, capsys, english):
    csv_file = tmp_path / "cong.csv"
    csv_file.write_text(
        "ngày,lượt\n2026-02-27,51\n28/02/2026,64\nhôm qua,12\n2026-02-28,-3\n\n2026-03-01,0\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        call_command("import_visits", str(csv_file), "--library", desk.code)
    captured = capsys.readouterr()
    assert "line 4" in captured.err
    assert "line 5" in captured.err
    counts = dict(VisitCount.objects.filter(source="gate").values_list("day", "count"))
    assert counts == {dt.date(2026, 2, 27): 51, dt.date(2026, 2, 28): 64, dt.date(2026, 3, 1): 0}
    assert visits_figure(desk, dt.date(2026, 2, 28)) == 64


def test_import_visits_of_a_clean_file_succeeds(desk, tmp_path, capsys):
    csv_file = tmp_path / "cong.csv"
    csv_file.write_text("2026-02-27,51\n", encoding="utf-8")
    call_command("import_visits", str(csv_file), "--library", desk.code)
    assert "1" in capsys.readouterr().out


def test_import_visits_for_an_unknown_library_is_a_clear_error(province, tmp_path):
    csv_file = tmp_path / "cong.csv"
    csv_file.write_text("2026-02-27,51\n", encoding="utf-8")
    with pytest.raises(CommandError, match="NOPE"):
        call_command("import_visits", str(csv_file), "--library", "NOPE")
