"""The monthly report: items per topic and channel, per week, how many were handled, and how
long residents waited for our first answer. A table for the terminal and an HTML page with an
SVG chart (no JavaScript, nothing loaded from elsewhere)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from wijkpost import items
from wijkpost.errors import InputError
from wijkpost.i18n import t
from wijkpost.items import Filter
from wijkpost.store import Store

NETWORKS = ("mastodon", "twitter", "feed")
COLOURS = {"mastodon": "#563acc", "twitter": "#1a1a1a", "feed": "#b35900"}  # ≥ 4.5:1 on white


@dataclass
class Report:
    month: str
    total: int
    per_tag: dict[str, Counter[str]]  # tag -> network -> count
    per_week: dict[str, Counter[str]]  # ISO week "2026-W47" -> network -> count
    done: int
    forwarded: int
    answered: int
    median_answer_hours: float | None

    def share(self, count: int) -> float:
        return count / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"month": self.month, "total": self.total,
                "per_tag": {k: dict(v) for k, v in self.per_tag.items()},
                "per_week": {k: dict(v) for k, v in self.per_week.items()},
                "done": self.done, "forwarded": self.forwarded,
                "share_done": round(self.share(self.done), 3),
                "share_forwarded": round(self.share(self.forwarded), 3),
                "answered": self.answered,
                "median_answer_hours": (round(self.median_answer_hours, 2)
                                        if self.median_answer_hours is not None else None)}


def month_bounds(month: str, tz: ZoneInfo) -> tuple[datetime, datetime]:
    try:
        start = datetime.strptime(month, "%Y-%m").replace(tzinfo=tz)
        end = (start + timedelta(days=32)).replace(day=1)
        start.astimezone(UTC), end.astimezone(UTC)  # how the store compares them
    except (ValueError, OverflowError):  # 13 months, or the first or last month there is
        raise InputError(t("report.month", value=month)) from None
    return start, end


def build(store: Store, month: str, tz: ZoneInfo) -> Report:
    found = items.query(store, Filter(month=month_bounds(month, tz)))
    per_tag: dict[str, Counter[str]] = defaultdict(Counter)
    per_week: dict[str, Counter[str]] = defaultdict(Counter)
    waits = []
    for item in found:
        for tag in item.tags:
            per_tag[tag][item.network] += 1
        year, week, _ = item.created_at.astimezone(tz).isocalendar()
        per_week[f"{year}-W{week:02d}"][item.network] += 1
        if item.answered_at:
            waits.append((item.answered_at - item.created_at).total_seconds() / 3600)
    return Report(
        month=month, total=len(found), per_tag=dict(sorted(per_tag.items())),
        per_week=dict(sorted(per_week.items())),
        done=sum(i.state == "done" for i in found),
        forwarded=sum(i.state == "forwarded" for i in found),
        answered=len(waits), median_answer_hours=statistics.median(waits) if waits else None)


def svg_chart(report: Report) -> str:
    """Stacked bars of items per week and channel, with a title and text for screen readers."""
    from markupsafe import escape

    weeks = list(report.per_week)
    width, height, left, bottom, bar = 640, 260, 40, 40, 48
    top = max((sum(c.values()) for c in report.per_week.values()), default=0) or 1
    scale = (height - bottom - 20) / top
    gap = (width - left) / max(len(weeks), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}"'
             f' width="{width}" height="{height}" aria-labelledby="chart-title chart-desc">',
             f'<title id="chart-title">{escape(t("report.chart_title", month=report.month))}'
             '</title>',
             f'<desc id="chart-desc">{escape(_describe(report))}</desc>',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}"'
             ' stroke="#1a1a1a"/>']
    for n, week in enumerate(weeks):
        x = left + n * gap + (gap - bar) / 2
        y: float = height - bottom
        for network in NETWORKS:
            count = report.per_week[week].get(network, 0)
            if not count:
                continue
            h = count * scale
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar}" height="{h:.1f}"'
                         f' fill="{COLOURS[network]}"><title>{escape(week)} {network}: {count}'
                         '</title></rect>')
        total = sum(report.per_week[week].values())
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle"'
                     f' font-size="12">{total}</text>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}"'
                     f' text-anchor="middle" font-size="12">{escape(week[5:])}</text>')
    for n, network in enumerate(NETWORKS):
        parts.append(f'<rect x="{left + n * 120}" y="{height - 14}" width="12" height="12"'
                     f' fill="{COLOURS[network]}"/><text x="{left + n * 120 + 16}"'
                     f' y="{height - 4}" font-size="12">{network}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _describe(report: Report) -> str:
    weeks = "; ".join(f"{week}: {sum(c.values())}" for week, c in report.per_week.items())
    return t("report.chart_desc", total=report.total, weeks=weeks or "-")


def render_html(report: Report, labels: Mapping[str, str], template_dirs: Sequence[Path]
                ) -> str:
    from markupsafe import Markup

    from wijkpost.i18n import language
    from wijkpost.templating import environment

    return environment(template_dirs).get_template("report.html").render(
        report=report, labels=labels, chart=Markup(svg_chart(report)), networks=NETWORKS, t=t,
        lang=language())
