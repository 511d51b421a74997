"""The digital library's background work, run by `libnet worker`: each step takes the pages
waiting for it (by their state in the tables, so a worker that dies leaves nothing half
done: the next one finds the same pages waiting) and does at most `limit` of them.

Steps run in the order registered: derivatives first (digital/derivatives.py), then the
text of the page (OCR, digital/ocr.py). A step is `step(limit) -> pages done`.
"""

from __future__ import annotations

from collections.abc import Callable

Step = Callable[[int], int]

_steps: list[tuple[str, Step]] = []


def register(name: str, step: Step) -> None:
    """Let `libnet worker` run `step`; registering a name again replaces its step."""
    for index, (known, _step) in enumerate(_steps):
        if known == name:
            _steps[index] = (name, step)
            return
    _steps.append((name, step))


def run_pending(limit: int = 20) -> int:
    """Run every step once over at most `limit` pages each; return the pages done."""
    return sum(step(limit) for _name, step in list(_steps))
