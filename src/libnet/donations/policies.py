"""Pure rules of donations: plain values in, an answer out."""

from __future__ import annotations


def progress_percent(*, received: int, goal: int | None) -> int | None:
    """How far a drive has come towards its goal, in whole per cent (may pass 100); None
    without a goal."""
    if not goal:
        return None
    return received * 100 // goal


def copies_refusal(*, asked: int, remaining: int) -> str | None:
    """Why `asked` copies of a line cannot be catalogued or passed on when `remaining` are
    left, or None: each donated copy becomes one catalogued copy or one copy given on, once."""
    if asked < 1:
        return "bad_copies"
    if asked > remaining:
        return "too_many_copies"
    return None


def receipt_number(*, year: int, sequence: int) -> str:
    """The receipt number (số biên nhận) of a library's `sequence`-th donation of `year`."""
    return f"BN-{year}-{sequence:04d}"
