"""The posts-per-hour chart as a PNG: organizers read a curve faster than a table.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no global backend state),
and called through ``asyncio.to_thread`` so that drawing never blocks the event loop."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

__all__ = ["render_chart"]

#: at most this many labels on the time axis, so that they never overlap
_MAX_LABELS = 12


def render_chart(path: Path, hours: Sequence[tuple[datetime, int]], title: str, tz: str) -> Path:
    """Write a bar chart of posts per hour to ``path`` and return it."""
    # Imported here: matplotlib takes seconds to import, and only /event stats needs it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(8, 3.2), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(hours)))
    axes.bar(positions, [n for _, n in hours], width=0.9, color="#3b6ea5")
    step = max(1, -(-len(hours) // _MAX_LABELS))
    ticks = positions[::step]
    axes.set_xticks(ticks, [f"{hours[i][0]:%d %b %H:00}" for i in ticks], rotation=30, ha="right")
    # A few hours still read as hours, not as one bar across the whole width.
    axes.set_xlim(-0.5, max(len(hours), 8) - 0.5)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_title(title)
    axes.set_ylabel("posts per hour")
    axes.set_xlabel(f"hour starting ({tz})")
    axes.grid(axis="y", alpha=0.3)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
    return path
