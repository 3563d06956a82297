"""Office hours of a work profile: "ma-vr 08:30-17:00", "za 10:00-12:00,13:00-15:00".

Work posts written outside these hours wait for the next opening unless forced; the digest marks
what came in off duty. Day names are accepted in Dutch and English.
"""

# (annotations as written, not as text: see wijkpost.config)
import re
from datetime import datetime, time, timedelta
from itertools import pairwise
from typing import NamedTuple

from wijkpost.i18n import t

_DAYS = {
    "ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6,
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}
# Patterns for re.match (which caches them), not compiled at import: only a changed
# configuration is parsed, and every command imports this module.
_SPEC = r"^\s*(?P<days>[a-z,\-\s]+?)\s+(?P<ranges>[0-9:,\-\s]+)\s*$"
_RANGE = r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$"


class OfficeHoursError(ValueError):
    pass


class OfficeHours(NamedTuple):
    specs: tuple[str, ...]
    # weekday (0 = Monday) -> sorted opening ranges
    week: dict[int, tuple[tuple[time, time], ...]]

    @classmethod
    def parse(cls, specs: list[str] | tuple[str, ...]) -> "OfficeHours":
        week: dict[int, list[tuple[time, time]]] = {}
        for spec in specs:
            for day, rng in _parse_spec(spec):
                week.setdefault(day, []).append(rng)
        for ranges in week.values():
            ranges.sort()
            for (_, end), (start, _) in pairwise(ranges):
                if start < end:
                    raise OfficeHoursError(t("hours.overlap"))
        return cls(tuple(specs), {d: tuple(r) for d, r in week.items()})

    def is_open(self, moment: datetime) -> bool:
        now = moment.time()
        # An end of 24:00 is kept as time.max; the day's last instant is still open then.
        return any(start <= now and (now < end or end == time.max)
                   for start, end in self.week.get(moment.weekday(), ()))

    def next_opening(self, moment: datetime) -> datetime:
        """The first moment at or after ``moment`` that lies inside office hours."""
        if self.is_open(moment):
            return moment
        for offset in range(8):
            day = (moment + timedelta(days=offset)).date()
            for start, _ in self.week.get(day.weekday(), ()):
                candidate = datetime.combine(day, start, tzinfo=moment.tzinfo)
                if candidate >= moment:
                    return candidate
        raise OfficeHoursError(t("hours.never"))  # only with an empty week


def _parse_spec(spec: str) -> list[tuple[int, tuple[time, time]]]:
    match = re.match(_SPEC, spec.lower())
    if not match:
        raise OfficeHoursError(t("hours.shape"))
    days: list[int] = []
    for part in re.split(r"\s*,\s*", match["days"].strip()):
        if "-" in part:
            first, _, last = (p.strip() for p in part.partition("-"))
            if first not in _DAYS or last not in _DAYS:
                raise OfficeHoursError(t("hours.day", day=part))
            a, b = _DAYS[first], _DAYS[last]
            if b < a:
                raise OfficeHoursError(t("hours.backwards", value=part))
            days.extend(range(a, b + 1))
        elif part in _DAYS:
            days.append(_DAYS[part])
        else:
            raise OfficeHoursError(t("hours.day", day=part))
    result: list[tuple[int, tuple[time, time]]] = []
    for rng in re.split(r"\s*,\s*", match["ranges"].strip()):
        m = re.match(_RANGE, rng.replace(" ", ""))
        if not m:
            raise OfficeHoursError(t("hours.range", value=rng))
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
            raise OfficeHoursError(t("hours.range", value=rng))
        start = time(h1, m1)
        end = time.max if h2 == 24 else time(h2, m2)
        if end <= start:
            raise OfficeHoursError(t("hours.backwards", value=rng))
        result.extend((day, (start, end)) for day in days)
    return result
