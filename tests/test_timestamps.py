from datetime import datetime, timezone

import pytest

from analysis.timestamps import parse_timestamp


@pytest.mark.parametrize("raw, utc, zone", [
    ("19 Mar 2023, 11:27 GMT+10", datetime(2023, 3, 19, 1, 27), "GMT+10"),
    ("14:08 JST, March 17, 2023", datetime(2023, 3, 17, 5, 8), "JST"),
    ("Updated: 10:25 AM EST Nov 8, 2023", datetime(2023, 11, 8, 15, 25), "EST"),
    ("Published 2:05 p.m. PT Jul 7, 2020", datetime(2020, 7, 7, 21, 5), "PT"),      # PDT in July
    ("Jan. 28, 2020, at 6:00 AM ET", datetime(2020, 1, 28, 11, 0), "ET"),           # EST in January
    ("2023-03-17T14:08:00+09:00", datetime(2023, 3, 17, 5, 8), "+09:00"),
    ("2023-03-17T05:08:00Z", datetime(2023, 3, 17, 5, 8), "Z"),
    ("Mon, 17 Mar 2023 14:08:00 +0900", datetime(2023, 3, 17, 5, 8), "+0900"),
    ("KST 9:30 March 1, 2019", datetime(2019, 3, 1, 0, 30), "KST"),
])
def test_news_site_timestamps_normalise_to_utc_and_keep_the_zone(raw, utc, zone):
    ts = parse_timestamp(raw)
    assert ts is not None
    assert ts.utc == utc.replace(tzinfo=timezone.utc)
    assert ts.zone == zone
    assert ts.has_time


@pytest.mark.parametrize("raw, day", [("March 17, 2023", "2023-03-17"), ("10 April 2020", "2020-04-10"),
                                      ("2019-09-24", "2019-09-24"), ("Sept. 11, 2001", "2001-09-11")])
def test_dates_without_time(raw, day):
    ts = parse_timestamp(raw)
    assert ts is not None and not ts.has_time
    assert ts.utc.date().isoformat() == day


@pytest.mark.parametrize("raw", ["no date here", "Feb 30, 2023", "Route 66, 2023 miles", ""])
def test_no_or_impossible_dates_give_none(raw):
    assert parse_timestamp(raw) is None
