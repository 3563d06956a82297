"""Office hours: parsing Dutch and English specs, open/closed at the edges, the next opening."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from wijkpost.officehours import OfficeHours, OfficeHoursError

AMS = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")
WORKDAYS = ["ma-vr 08:30-17:00"]


def at(day: int, hour: int, minute: int = 0, second: int = 0, microsecond: int = 0,
       month: int = 10) -> datetime:
    """A moment in Amsterdam in 2026 (October by default: Mon 19 … Sun 25 is the DST weekend)."""
    return datetime(2026, month, day, hour, minute, second, microsecond, tzinfo=AMS)


def hours(*specs: str) -> OfficeHours:
    return OfficeHours.parse(list(specs))


# --------------------------------------------------------------------------- parsing


def test_dutch_day_range() -> None:
    oh = hours("ma-vr 08:30-17:00")
    assert oh.specs == ("ma-vr 08:30-17:00",)
    assert sorted(oh.week) == [0, 1, 2, 3, 4]
    assert all(r == ((time(8, 30), time(17, 0)),) for r in oh.week.values())


@pytest.mark.parametrize(("dutch", "english"), [
    ("ma", "mon"), ("di", "tue"), ("wo", "wed"), ("do", "thu"), ("vr", "fri"), ("za", "sat"),
    ("zo", "sun"),
])
def test_every_day_name_in_both_languages(dutch: str, english: str) -> None:
    assert hours(f"{dutch} 10:00-11:00").week == hours(f"{english} 10:00-11:00").week
    assert len(hours(f"{dutch} 10:00-11:00").week) == 1


def test_english_range_and_case_and_spacing() -> None:
    assert hours("Mon-Fri 08:30-17:00").week == hours("ma-vr 08:30-17:00").week
    assert hours("  MA - VR   08:30 - 17:00 ").week == hours("ma-vr 08:30-17:00").week


def test_day_lists_and_mixed_languages() -> None:
    oh = hours("ma, wo, fri 9:00-12:00")
    assert sorted(oh.week) == [0, 2, 4]
    assert oh.week[2] == ((time(9), time(12)),)
    assert sorted(hours("ma-di, za-zo 10:00-11:00").week) == [0, 1, 5, 6]


def test_multiple_ranges_in_one_spec() -> None:
    oh = hours("ma-vr 13:00-17:00, 08:30-12:00")
    assert oh.week[0] == ((time(8, 30), time(12)), (time(13), time(17)))  # sorted
    assert sorted(oh.week) == [0, 1, 2, 3, 4]


def test_several_specs_combine() -> None:
    oh = hours("ma-do 08:30-17:00", "vr 08:30-12:30", "za 10:00-12:00,13:00-15:00")
    assert oh.week[3] == ((time(8, 30), time(17)),)
    assert oh.week[4] == ((time(8, 30), time(12, 30)),)
    assert oh.week[5] == ((time(10), time(12)), (time(13), time(15)))
    assert 6 not in oh.week


def test_touching_ranges_are_not_overlapping() -> None:
    oh = hours("ma 08:00-12:00", "ma 12:00-13:00")
    assert oh.week[0] == ((time(8), time(12)), (time(12), time(13)))


def test_24_00_is_end_of_day() -> None:
    oh = hours("za 20:00-24:00", "zo 00:00-02:00")
    assert oh.week[5][0][0] == time(20)
    assert oh.week[5][0][1] > time(23, 59, 59)


@pytest.mark.parametrize(("spec", "why"), [
    ("ma-vr 9-17", "is not HH:MM-HH:MM"),
    ("xx 08:00-17:00", "unknown day in 'xx'"),
    ("maandag 08:00-17:00", "unknown day in 'maandag'"),
    ("ma-xx 08:00-17:00", "unknown day in 'ma-xx'"),
    ("vr-ma 08:00-17:00", "runs backwards"),
    ("ma-vr 17:00-08:00", "runs backwards"),
    ("ma-vr 08:00-08:00", "runs backwards"),
    ("ma-vr 08:00-25:00", "is not HH:MM-HH:MM"),
    ("ma-vr 24:00-24:00", "is not HH:MM-HH:MM"),
    ("ma-vr 08:00-24:30", "is not HH:MM-HH:MM"),
    ("ma-vr 08:60-17:00", "is not HH:MM-HH:MM"),
    ("ma-vr", "expected days and times"),
    ("08:00-17:00", "expected days and times"),
    ("", "expected days and times"),
])
def test_bad_specs(spec: str, why: str) -> None:
    from wijkpost.i18n import set_language

    set_language("en")  # the reasons are user-facing: English here, Dutch in test_config
    try:
        with pytest.raises(OfficeHoursError, match=why):
            hours(spec)
    finally:
        set_language(None)


@pytest.mark.parametrize("specs", [
    ["ma-vr 08:00-12:00", "ma 11:00-13:00"],
    ["ma 08:00-12:00,11:59-13:00"],
    ["ma-vr 08:00-17:00", "vr 08:00-17:00"],
])
def test_overlapping_ranges(specs: list[str]) -> None:
    with pytest.raises(OfficeHoursError, match="tijden overlappen"):
        OfficeHours.parse(specs)


# --------------------------------------------------------------------------- is_open


@pytest.mark.parametrize(("moment", "expected"), [
    (at(19, 8, 29, 59), False),  # Monday, just before opening
    (at(19, 8, 30), True),  # start is inclusive
    (at(19, 12), True),
    (at(19, 16, 59, 59, 999999), True),
    (at(19, 17), False),  # end is exclusive
    (at(23, 8, 30), True),  # Friday
    (at(24, 10), False),  # Saturday
    (at(25, 10), False),  # Sunday
])
def test_is_open_at_the_edges(moment: datetime, expected: bool) -> None:
    assert hours(*WORKDAYS).is_open(moment) is expected


def test_is_open_between_two_ranges() -> None:
    oh = hours("ma 08:30-12:00,13:00-17:00")
    assert oh.is_open(at(19, 11, 59))
    assert not oh.is_open(at(19, 12))
    assert not oh.is_open(at(19, 12, 59))
    assert oh.is_open(at(19, 13))


def test_is_open_until_midnight_with_24_00() -> None:
    oh = hours("za 20:00-24:00")
    assert not oh.is_open(at(24, 19, 59, 59))
    assert oh.is_open(at(24, 20))
    assert oh.is_open(at(24, 23, 59, 59))
    assert not oh.is_open(at(25, 0))  # Sunday is closed


def test_24_00_includes_the_last_microsecond() -> None:
    assert hours("za 20:00-24:00").is_open(at(24, 23, 59, 59, 999999))


def test_is_open_uses_the_wall_clock_of_the_moment() -> None:
    """The caller converts to the project's time zone; 07:00 UTC in summer is 09:00 here."""
    moment = datetime(2026, 10, 19, 7, 0, tzinfo=UTC)
    oh = hours(*WORKDAYS)
    assert not oh.is_open(moment)
    assert oh.is_open(moment.astimezone(AMS))


# --------------------------------------------------------------------------- next_opening


def test_next_opening_when_open_is_now() -> None:
    moment = at(21, 10, 15)
    assert hours(*WORKDAYS).next_opening(moment) is moment


def test_next_opening_later_the_same_day() -> None:
    oh = hours("ma 08:30-12:00,13:00-17:00")
    assert oh.next_opening(at(19, 7)) == at(19, 8, 30)
    assert oh.next_opening(at(19, 12, 30)) == at(19, 13)


def test_next_opening_the_next_day() -> None:
    assert hours(*WORKDAYS).next_opening(at(20, 17)) == at(21, 8, 30)  # Tue 17:00 -> Wed


def test_next_opening_across_the_weekend() -> None:
    oh = hours("ma-do 08:30-17:00", "vr 08:30-12:30")
    # Friday afternoon, Saturday, Sunday night: all wait for Monday 08:30 (in November: no DST).
    monday = at(9, 8, 30, month=11)
    for moment in (at(6, 12, 30, month=11), at(7, 11, month=11), at(8, 23, 59, month=11)):
        assert oh.next_opening(moment) == monday


def test_next_opening_a_week_later() -> None:
    oh = hours("wo 10:00-11:00")
    assert oh.next_opening(at(21, 11)) == at(28, 10)  # Wednesday after closing -> next Wednesday
    assert oh.next_opening(at(21, 9)) == at(21, 10)


def test_next_opening_across_the_end_of_summer_time() -> None:
    """Sunday 25 October 2026 the clocks go back (CEST +02:00 -> CET +01:00)."""
    friday = at(23, 17)
    assert friday.utcoffset() == timedelta(hours=2)
    opening = hours(*WORKDAYS).next_opening(friday)
    assert opening == datetime(2026, 10, 26, 8, 30, tzinfo=AMS)
    assert (opening.hour, opening.minute) == (8, 30)  # wall clock, not 07:30 or 09:30
    assert opening.utcoffset() == timedelta(hours=1)
    assert opening.astimezone(UTC) == datetime(2026, 10, 26, 7, 30, tzinfo=UTC)
    # 2 days 15.5 hours on the wall clock, but one hour more really passes.
    assert opening.astimezone(UTC) - friday.astimezone(UTC) == timedelta(days=2, hours=16,
                                                                         minutes=30)


def test_next_opening_on_the_day_summer_time_ends() -> None:
    oh = hours("zo 10:00-12:00")
    opening = oh.next_opening(at(24, 12))  # Saturday, CEST
    assert opening.astimezone(UTC) == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)  # 10:00 CET
    assert oh.is_open(datetime(2026, 10, 25, 2, 30, tzinfo=AMS, fold=1)) is False


def test_next_opening_across_the_start_of_summer_time() -> None:
    """Sunday 29 March 2026 the clocks go forward (CET +01:00 -> CEST +02:00)."""
    opening = hours(*WORKDAYS).next_opening(at(27, 18, month=3))
    assert opening == datetime(2026, 3, 30, 8, 30, tzinfo=AMS)
    assert opening.astimezone(UTC) == datetime(2026, 3, 30, 6, 30, tzinfo=UTC)


def test_next_opening_with_24_00() -> None:
    oh = hours("za 20:00-24:00")
    assert oh.next_opening(at(24, 23, 30)) == at(24, 23, 30)
    assert oh.next_opening(at(25, 0)) == at(31, 20)  # Sunday 00:00 -> next Saturday


def test_no_opening_at_all() -> None:
    with pytest.raises(OfficeHoursError):
        OfficeHours.parse([]).next_opening(at(19, 9))
