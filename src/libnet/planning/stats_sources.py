"""The figures planning itself holds: what counts, and how `libnet rebuild_stats` counts it
again.

- hand-entered figures (talks, events, pages digitised…): a month's value, at the library,
  on the first day of the month (`ManualFigure`);
- figures carried over from before a library used libnet (`LegacyFigure`): as they were
  entered, day by day.

`count_manual_figure` is called by services.enter_manual_figure and `count_legacy_figures`
by whoever writes carried-over figures (the demo loader), in the transaction that writes
them; `SOURCES` count the same from those tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from libnet.planning.models import LegacyFigure, ManualFigure
from libnet.stats import services as stats
from libnet.stats.sources import Row, Source


def count_manual_figure(figure: ManualFigure, *, before: int) -> None:
    """Move the month's daily figure by what `figure` changed (it was `before`)."""
    if figure.value != before:
        stats.bump(
            library_id=figure.library_id,
            indicator=figure.indicator.code,
            day=figure.month,
            by=figure.value - before,
        )


def count_legacy_figures(figures: Iterable[LegacyFigure]) -> None:
    stats.bump_many(
        (figure.library_id, figure.indicator, figure.day, figure.value) for figure in figures
    )


def _manual_again() -> Iterator[Row]:
    for library_id, code, month, value in ManualFigure.objects.values_list(
        "library_id", "indicator__code", "month", "value"
    ):
        yield (library_id, code, month, int(value))


def _legacy_again() -> Iterator[Row]:
    for library_id, code, day, value in LegacyFigure.objects.values_list(
        "library_id", "indicator", "day", "value"
    ):
        yield (library_id, code, day, int(value))


SOURCES = (
    Source(name="planning.manual_figures", indicators=(), daily_rows=_manual_again),
    Source(name="planning.legacy_figures", indicators=(), daily_rows=_legacy_again),
)
