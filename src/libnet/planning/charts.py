"""Charts as inline SVG, drawn on the server: no script, nothing fetched at run time."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape

WIDTH = 720
HEIGHT = 240
MARGIN_LEFT = 56
MARGIN_BOTTOM = 28
MARGIN_TOP = 22


@dataclass(frozen=True)
class MonthBar:
    label: str
    actual: int
    target: int | None


def _nice_top(value: int) -> int:
    """Return a round number at or above `value` for the top of the scale."""
    if value <= 0:
        return 10
    step = 1
    while step * 10 < value:
        step *= 10
    for multiple in (1, 2, 5, 10):
        if step * multiple >= value:
            return step * multiple
    return step * 10


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def month_bars(bars: list[MonthBar], *, title: str, actual_label: str, target_label: str) -> str:
    """Return an SVG of one pair of bars a month: the target (outline) and the actual (filled)."""
    top = _nice_top(max([bar.actual for bar in bars] + [bar.target or 0 for bar in bars] + [1]))
    plot_width = WIDTH - MARGIN_LEFT - 8
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = plot_width / max(len(bars), 1)
    bar_width = slot * 0.36
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="chart" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        y = MARGIN_TOP + plot_height * (1 - fraction)
        parts.append(
            f'<line x1="{MARGIN_LEFT}" y1="{y:.1f}" x2="{WIDTH - 8}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{MARGIN_LEFT - 4}" y="{y + 4:.1f}" class="axis" text-anchor="end">'
            f"{_number(round(top * fraction))}</text>"
        )
    for index, bar in enumerate(bars):
        left = MARGIN_LEFT + index * slot + slot * 0.12
        if bar.target:
            height = plot_height * bar.target / top
            parts.append(
                f'<rect x="{left:.1f}" y="{MARGIN_TOP + plot_height - height:.1f}" '
                f'width="{bar_width:.1f}" height="{height:.1f}" class="target">'
                f"<title>{escape(target_label)} {escape(bar.label)}: {_number(bar.target)}</title></rect>"
            )
        height = plot_height * bar.actual / top
        parts.append(
            f'<rect x="{left + bar_width:.1f}" y="{MARGIN_TOP + plot_height - height:.1f}" '
            f'width="{bar_width:.1f}" height="{height:.1f}" class="actual">'
            f"<title>{escape(actual_label)} {escape(bar.label)}: {_number(bar.actual)}</title></rect>"
        )
        parts.append(
            f'<text x="{left + bar_width:.1f}" y="{HEIGHT - 10}" class="axis" '
            f'text-anchor="middle">{escape(bar.label)}</text>'
        )
    # The legend sits above the plot, at the left, each label after its swatch.
    legend_y = 2
    second = MARGIN_LEFT + 24 + 7 * len(target_label)
    parts.append(
        f'<rect x="{MARGIN_LEFT}" y="{legend_y}" width="10" height="10" class="target"/>'
        f'<text x="{MARGIN_LEFT + 14}" y="{legend_y + 9}" class="axis">{escape(target_label)}</text>'
        f'<rect x="{second}" y="{legend_y}" width="10" height="10" class="actual"/>'
        f'<text x="{second + 14}" y="{legend_y + 9}" class="axis">{escape(actual_label)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def progress_bar(percent: float | None, share_gone: float) -> str:
    """Return a small SVG bar: the share of the year's target done, and a tick at the share of
    the year gone (where the library should be)."""
    width, height = 120, 12
    done = 0.0 if percent is None else max(0.0, min(percent / 100, 1.0))
    tick = width * max(0.0, min(share_gone, 1.0))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="progress" aria-hidden="true">'
        f'<rect x="0" y="0" width="{width}" height="{height}" class="track"/>'
        f'<rect x="0" y="0" width="{width * done:.1f}" height="{height}" class="done"/>'
        f'<line x1="{tick:.1f}" y1="0" x2="{tick:.1f}" y2="{height}" class="pace"/></svg>'
    )
