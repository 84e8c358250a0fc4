from datetime import date

from dealgraph.loaders.extract import extract

from .conftest import make_filing


def announced(text: str):
    facts = extract(make_filing(text))
    main = [d for d in facts.deals if not d.recalled]
    assert main, text
    return main[0].announced_on


BODY = " Fenwick Bio, Inc. today announced a license agreement with Garrow Pharma Ltd. for its lead drug."


def test_datelines():
    assert announced("BOSTON, MA, March 4, 2021 --" + BODY) == date(2021, 3, 4)
    assert announced("NEW YORK--(BUSINESS WIRE)--June 07, 2022--" + BODY) == date(2022, 6, 7)
    assert announced("LUND, Sweden, Feb. 3, 2020 /PRNewswire/ --" + BODY) == date(2020, 2, 3)
    assert announced("date 2019-08-20" + BODY) == date(2019, 8, 20)


def test_agreement_date_beats_the_dateline():
    text = (
        "BOSTON, MA, March 4, 2021 -- Fenwick Bio, Inc. today announced that it has entered into a license "
        "agreement dated February 26, 2021 with Garrow Pharma Ltd."
    )
    assert announced(text) == date(2021, 2, 26)


def test_deadlines_and_bare_weekdays_are_not_dates():
    text = (
        "Fenwick Bio, Inc. said Tuesday it entered into a license agreement with Garrow Pharma Ltd. The"
        " option "
        "expires on June 30, 2026."
    )
    assert announced(text) is None
