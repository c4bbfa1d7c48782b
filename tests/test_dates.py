"""routes.dates: reported dates and ranges."""
from __future__ import annotations

import datetime as dt

import pytest

from routes.dates import elapsed_hours, parse_when


def test_day_is_a_whole_utc_day() -> None:
    w = parse_when(dt.date(2023, 9, 12))
    assert (w.earliest, w.latest) == ("2023-09-12", "2023-09-12")
    assert w.end - w.start == dt.timedelta(days=1)


def test_datetime_with_offset_is_an_instant() -> None:
    w = parse_when("2023-09-12T06:00+09:00")
    assert w.start == w.end == dt.datetime(2023, 9, 11, 21, 0, tzinfo=dt.timezone.utc)


def test_open_ranges() -> None:
    assert parse_when("2023-09-12/").end is None
    assert parse_when("/2023-10-01").start is None


def test_month_and_year() -> None:
    w = parse_when("2011-07")
    assert w.start == dt.datetime(2011, 7, 1, tzinfo=dt.timezone.utc)
    assert w.end == dt.datetime(2011, 8, 1, tzinfo=dt.timezone.utc)
    assert parse_when("2011").end == dt.datetime(2012, 1, 1, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(("text", "message"), [
    ("20233-09-01", "cannot read date '20233-09-01'"),
    ("2023-02-30", "is not a real calendar date"),
    ("2023-09-12T06:00", "has no UTC offset"),
    ("0203-01-01", "outside 1800-2200"),
    ("/", "has neither end"),
    ("2023-10-01/2023-09-01", "ends before it starts"),
    ("", "empty date"),
    ("a/b/c", "more than one '/'"),
])
def test_bad_dates_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")):
        parse_when(text)


def test_elapsed_bounds() -> None:
    assert elapsed_hours(parse_when("2023-09-07/2023-09-08"), parse_when("2023-09-12")) == (72.0, 144.0)
    assert elapsed_hours(parse_when("2023-09-12/"), parse_when("2023-10-01")) == (None, 480.0)
    assert elapsed_hours(None, parse_when("2023-10-01")) == (None, None)


def test_a_day_next_to_a_local_time_is_a_local_day_anywhere() -> None:
    """'Left on the 12th, arrived 9 am local' (+10:00, 23:00 UTC the day before) is in order, and the speed of a
    leg that left on the 16th and arrived at 18:00+10:00 the same day is over up to 22 h, not 8 h."""
    from routes.dates import as_local_days, elapsed_hours, parse_when

    day, local = parse_when("2023-09-12"), parse_when("2023-09-12T09:00+10:00")
    d, t = as_local_days(day, local)
    assert t == local and d.start < local.start < d.end
    assert as_local_days(day, parse_when("2023-09-13")) == (day, parse_when("2023-09-13"))   # both days: UTC days
    assert elapsed_hours(parse_when("2023-09-16"), parse_when("2023-09-16T18:00+10:00")) == (0.0, 22.0)
