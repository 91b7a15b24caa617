import datetime as dt

import pytest

from participation.eligibility import age_on, check_age

D = dt.date


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (D(2010, 6, 15), D(2023, 6, 14), 12),  # the day before the 13th birthday
        (D(2010, 6, 15), D(2023, 6, 15), 13),  # the 13th birthday itself
        (D(2000, 6, 15), D(2026, 6, 14), 25),  # last day of being 25
        (D(2000, 6, 15), D(2026, 6, 15), 26),  # the 26th birthday
        (D(2000, 12, 31), D(2026, 1, 1), 25),  # across a year end
    ],
)
def test_it_counts_completed_years_on_the_day(born, on, age):
    assert age_on(born, on) == age


@pytest.mark.parametrize(
    ("on", "age"),
    [
        (D(2025, 2, 28), 12),  # common year: not yet
        (D(2025, 3, 1), 13),  # common year: a leap-day child's birthday is 1 March
        (D(2024, 2, 28), 11),
        (D(2024, 2, 29), 12),  # leap year: the real birthday
    ],
)
def test_a_leap_day_birthday_falls_on_1_march_in_common_years(on, age):
    assert age_on(D(2012, 2, 29), on) == age


@pytest.mark.parametrize(
    ("born", "today", "eligible", "too_young", "too_old"),
    [
        (D(2013, 11, 24), D(2026, 11, 23), False, True, False),  # 12, 13 tomorrow
        (D(2013, 11, 23), D(2026, 11, 23), True, False, False),  # 13 today
        (D(2000, 11, 24), D(2026, 11, 23), True, False, False),  # 25, 26 tomorrow
        (D(2000, 11, 23), D(2026, 11, 23), False, False, True),  # 26 today
        (D(2000, 2, 29), D(2026, 2, 28), True, False, False),  # leap-day: still 25
        (D(2000, 2, 29), D(2026, 3, 1), False, False, True),  # leap-day: 26 on 1 March
    ],
)
def test_only_13_to_25_year_olds_are_eligible(born, today, eligible, too_young, too_old):
    check = check_age(born, today)
    assert (check.eligible, check.too_young, check.too_old) == (eligible, too_young, too_old)
