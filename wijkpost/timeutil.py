"""Dates as users type them ("2026-11-25 09:00", ISO 8601) and as the store keeps them (UTC ISO)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from wijkpost.errors import InputError
from wijkpost.i18n import t

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
        moment = moment.replace(tzinfo=tz)
    return moment


def parse_age(text: str) -> timedelta:
    """"7d", "12h", "30m", "2w" as a duration."""
    match = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", text)
    if not match:
        raise InputError(t("time.age", value=text))
    unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[match[2]]
    return timedelta(**{unit: int(match[1])})


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
    """Local wall-clock times for many stored UTC ISO times (a digest of thousands of items).

    The zone's offset is worked out once per UTC hour instead of once per time: converting
    through the zone costs more than the rest of a digest line. An hour with a clock change in it
    (on the hour in Europe, at half past in some zones) has no single offset; its times are
    converted one by one.
    """

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self._offsets: dict[str, timedelta | None] = {}

    def local(self, stored: str) -> datetime:
        """``stored`` as :func:`utc_iso` writes it, in local time (naive: the zone is known)."""
        utc = datetime.fromisoformat(stored)
        hour = stored[:13]
        if hour not in self._offsets:
            start = utc.replace(minute=0, second=0, microsecond=0)
            first = start.astimezone(self.tz).utcoffset()
            last = (start + timedelta(minutes=59, seconds=59)).astimezone(self.tz).utcoffset()
            self._offsets[hour] = first if first == last else None
        offset = self._offsets[hour]
        if offset is None:
            return utc.astimezone(self.tz).replace(tzinfo=None)
        return (utc + offset).replace(tzinfo=None)
