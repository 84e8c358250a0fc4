from datetime import date

import pytest

from dealgraph.loaders.extract.dates import find_dates


@pytest.mark.parametrize(
    "text, expected",
    [
        ("On March 3, 2011, the parties", date(2011, 3, 3)),
        ("effective Sept. 9, 2019", date(2019, 9, 9)),
        ("August14, 2015 (a lost space)", date(2015, 8, 14)),
        ("signed 2nd June 2008", date(2008, 6, 2)),
        ("the 5th of May, 2012", date(2012, 5, 5)),
        ("memo of 04/07/09", date(2009, 4, 7)),
        ("dated 2016-11-30", date(2016, 11, 30)),
        ("stamp 2021/07/04", date(2021, 7, 4)),
        ("20230915 Press release", date(2023, 9, 15)),
        ("published 03-08-2024 09:10 CET", date(2024, 8, 3)),
        ("NOV 12, 2013", date(2013, 11, 12)),
    ],
)
def test_full_dates(text, expected):
    found = [d for d in find_dates(text) if d.value]
    assert found and found[0].value == expected


def test_month_and_year_is_kept_without_a_day():
    (d,) = find_dates("In April 2016, the company licensed")
    assert d.value is None and (d.year, d.month) == (2016, 4)


def test_blank_day_gives_no_date():
    assert [d for d in find_dates("effective as of March , 2012 (the Effective Date)") if d.value] == []


def test_impossible_dates_and_plain_numbers():
    assert [d for d in find_dates("on 02/30/2020") if d.value] == []
    assert find_dates("call 555-0100 or visit booth 2020") == []
