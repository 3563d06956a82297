"""Dates as users type them ("2026-11-25 09:00", ISO 8601) and as the store keeps them (UTC ISO)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from wijkpost.errors import InputError
from wijkpost.i18n import t

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d-%m-%Y %H:%M", "%d-%m-%Y")


def parse_when(text: str, tz: ZoneInfo, *, where: str = "--at") -> datetime:
    """A moment in local time (the project's time zone) unless the text carries an offset."""
    value = text.strip()
    moment: datetime | None = None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        for fmt in _FORMATS:
            try:
                moment = datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
    if moment is None:
        raise InputError(t("time.invalid", where=where, value=text))
    if moment.tzinfo is None:
        wall = moment
        moment = moment.replace(tzinfo=tz)
        # The hour the clock skips in spring (02:30 on the last Sunday of March) does not exist;
        # zoneinfo would quietly read it as an hour later. Say so instead.
        if moment.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall:
            raise InputError(t("time.gap", where=where, value=text.strip(), zone=str(tz)))
    return moment


MAX_AGE = timedelta(days=100 * 366)


def parse_age(text: str) -> timedelta:
    """"7d", "12h", "30m", "2w" as a duration."""
    match = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", text)
    if not match:
        raise InputError(t("time.age", value=text))
    unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[match[2]]
    try:
        age = timedelta(**{unit: int(match[1])})
    except OverflowError:
        age = timedelta.max
    if age > MAX_AGE:  # (and a moment that long ago is before the year 1)
        raise InputError(t("time.age_max", value=text.strip()))
    return age


def utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_iso_precise(moment: datetime) -> str:
    """With microseconds: for "collected after I last read the digest", a second is too coarse."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_utc_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def now_utc() -> datetime:
    return datetime.now(UTC)


def local(moment: datetime, tz: ZoneInfo) -> str:
    """Short local form for people: 2026-11-25 09:00."""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


class LocalClock:
    """Local wall-clock times, as text, for many stored UTC ISO times (a digest of thousands).

    Converting through the zone costs more than the rest of a digest line, so it is done once
    per UTC hour: that hour's local text up to the minutes (``pattern`` must end in ``%M``),
    after which each time only adds its own minutes. That holds while the hour has one offset of
    whole hours. An hour with a clock change in it (on the hour in Europe, at half past on Lord
    Howe Island) or a zone a quarter or half hour off (Kathmandu, St John's) is converted time
    by time instead.
    """

    def __init__(self, tz: tzinfo, pattern: str = "%Y-%m-%d %H:%M") -> None:
        if not pattern.endswith("%M"):
            raise ValueError("the pattern must end in %M")
        self.tz, self.pattern = tz, pattern
        self._hours: dict[str, str | None] = {}  # "2026-11-24T06" → "24-11 07:", or None

    def format(self, stored: str) -> str:
        """``stored`` as :func:`utc_iso` writes it ("2026-11-24T06:10:57Z"), in local time."""
        hour = stored[:13]
        prefix = self._hours.get(hour, "")
        if prefix == "":
            prefix = self._hours[hour] = self._prefix(hour)
        if prefix is None:
            return datetime.fromisoformat(stored).astimezone(self.tz).strftime(self.pattern)
        return prefix + stored[14:16]

    def _prefix(self, hour: str) -> str | None:
        start = datetime.fromisoformat(hour + ":00:00+00:00")
        first = start.astimezone(self.tz)
        last = (start + timedelta(minutes=59, seconds=59)).astimezone(self.tz)
        if first.utcoffset() != last.utcoffset() or first.minute:
            return None
        return first.strftime(self.pattern[:-2])
