"""Charts drawn on the server: shapes for an SVG template, and the same numbers as a table."""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext, ngettext

WIDTH = 720
DAILY_HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 28
ROW_HEIGHT = 26


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    label: str


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    label: str
    anchor: str = "start"


@dataclass(frozen=True)
class Chart:
    """An SVG chart's shapes, its accessible title and description, and its numbers."""

    slug: str
    title: str
    description: str
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    table_head: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)


def nice_ceiling(value: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least value (1 for nothing)."""
    if value <= 1:
        return 1
    scale = 10 ** math.floor(math.log10(value))
    return next(int(m * scale) for m in (1, 2, 5, 10) if m * scale >= value)


def _day(day) -> str:
    # Django's month names, in the active language (strftime's are the C locale's).
    return date_format(day, "j M")


def _long_day(day) -> str:
    return date_format(day, "j M Y")


def daily_chart(*, title: str, days: Sequence, series: list[tuple[str, str, str]]) -> Chart:
    """Columns, one a day, stacked by series: (attribute of each day, label, CSS class)."""
    totals = [sum(getattr(d, key) for key, _, _ in series) for d in days]
    top = nice_ceiling(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, DAILY_HEIGHT - TOP - BOTTOM
    base = TOP + plot_h
    slot = plot_w / max(len(days), 1)
    bar_w = max(slot * 0.72, 0.6)
    bars = []
    for i, d in enumerate(days):
        y = base
        for key, label, css in series:
            value = getattr(d, key)
            if not value:
                continue
            height = value / top * plot_h
            y -= height
            words = gettext("%(day)s, %(label)s: %(value)s") % {
                "day": _long_day(d.day),
                "label": label,
                "value": value,
            }
            bars.append(Bar(LEFT + i * slot + (slot - bar_w) / 2, y, bar_w, height, css, words))
    lines = [Line(LEFT, base - f * plot_h, LEFT + plot_w, base - f * plot_h) for f in (0, 0.5, 1)]
    texts = [
        Text(LEFT - 6, base - f * plot_h + 4, f"{top * f:g}", "end")
        for f in ((0, 0.5, 1) if top % 2 == 0 else (0, 1))
    ]
    if days:
        marks = sorted({round(k * (len(days) - 1) / 5) for k in range(6)})
        texts += [
            Text(LEFT + i * slot + slot / 2, DAILY_HEIGHT - 8, _day(days[i].day), "middle")
            for i in marks
        ]
    overall = sum(totals)
    span = {
        "total": overall,
        "first": _long_day(days[0].day) if days else "",
        "last": _long_day(days[-1].day) if days else "",
    }
    if overall:
        peak = max(range(len(days)), key=lambda i: totals[i])
        description = gettext(
            "%(total)s in all from %(first)s to %(last)s; the most on %(peak)s (%(count)s)."
        ) % {**span, "peak": _long_day(days[peak].day), "count": totals[peak]}
    else:
        description = gettext("%(total)s in all from %(first)s to %(last)s.") % span
    slug = "chart-" + "-".join(key for key, _, _ in series)
    return Chart(
        slug=slug,
        title=(
            gettext("%(title)s, %(first)s to %(last)s") % {**span, "title": title}
            if days
            else title
        ),
        description=description,
        width=WIDTH,
        height=DAILY_HEIGHT,
        bars=bars,
        lines=lines,
        texts=texts,
        legend=[(label, css) for _, label, css in series] if len(series) > 1 else [],
        table_head=[gettext("Day"), *(label for _, label, _ in series)],
        table_rows=[[_long_day(d.day), *(str(getattr(d, k)) for k, _, _ in series)] for d in days],
    )


def funnel_chart(*, rows: Sequence) -> Chart:
    """One bar a step: how many runs ticked it."""
    top = max((r.reached for r in rows), default=0) or 1
    label_w, plot_w = 70, WIDTH - 70 - 60
    height = TOP + ROW_HEIGHT * max(len(rows), 1) + 4
    bars, texts = [], []
    for i, row in enumerate(rows):
        y = TOP + i * ROW_HEIGHT
        width = row.reached / top * plot_w
        words = ngettext(
            "Step %(number)s: %(count)s run ticked it",
            "Step %(number)s: %(count)s runs ticked it",
            row.reached,
        ) % {"number": row.position, "count": row.reached}
        bars.append(
            Bar(label_w, y + 4, max(width, 0.5), ROW_HEIGHT - 8, "chart__bar--reached", words)
        )
        step = gettext("Step %(number)s") % {"number": row.position}
        texts.append(Text(label_w - 8, y + ROW_HEIGHT / 2 + 4, step, "end"))
        texts.append(Text(label_w + width + 6, y + ROW_HEIGHT / 2 + 4, str(row.reached)))
    first, last = (rows[0].reached, rows[-1].reached) if rows else (0, 0)
    return Chart(
        slug="chart-funnel",
        title=gettext("Runs that ticked each step"),
        description=(
            ngettext(
                "%(steps)s step; %(first)s runs ticked step 1 and %(last)s ticked the last step.",
                "%(steps)s steps; %(first)s runs ticked step 1 and %(last)s ticked the last step.",
                len(rows),
            )
            % {"steps": len(rows), "first": first, "last": last}
            if rows
            else gettext("This article has no steps.")
        ),
        width=WIDTH,
        height=height,
        bars=bars,
        lines=[Line(label_w, TOP - 4, label_w, height - 4)],
        texts=texts,
    )
