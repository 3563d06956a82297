"""Dates as users type them ("2026-11-25 09:00", ISO 8601) and as the store keeps them (UTC ISO)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
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
