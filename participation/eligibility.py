"""Who may take part: ages counted on the day, the way UK law counts them.

A person's age goes up on their birthday. Someone born on 29 February has their
birthday on 1 March in years without a 29 February (the usual UK reading, e.g. for
the age of majority), so they turn 13 on 1 March of a common year.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from participation.representativeness import AGE_BANDS, band_label


def birthday_in(year: int, date_of_birth: dt.date) -> dt.date:
    """The day in `year` on which someone born on `date_of_birth` becomes a year older."""
    if date_of_birth.month == 2 and date_of_birth.day == 29 and not calendar.isleap(year):
        return dt.date(year, 3, 1)
    return date_of_birth.replace(year=year)


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    """Completed years of age on `day`."""
    age = day.year - date_of_birth.year
    if day < birthday_in(day.year, date_of_birth):
        age -= 1
    return age


@dataclass(frozen=True)
class AgeCheck:
    age: int
    too_young: bool
    too_old: bool

    @property
    def eligible(self) -> bool:
        return not (self.too_young or self.too_old)


def check_age(date_of_birth: dt.date, today: dt.date) -> AgeCheck:
    age = age_on(date_of_birth, today)
    return AgeCheck(
        age=age,
        too_young=age < settings.PARTICIPANT_MIN_AGE,
        too_old=age > settings.PARTICIPANT_MAX_AGE,
    )


TOO_YOUNG_MESSAGE = (
    "The Listening Hub is for people aged 13 to 25, so you can't join just yet. "
    "We'd love to hear from you when you're 13. If something is worrying you now, "
    "the people below are there to help."
)
TOO_OLD_MESSAGE = (
    "The Listening Hub is for people aged 13 to 25, so we can't give you an account. "
    "Thank you for wanting to help. If you need support yourself, the people below "
    "are there for you."
)
NOT_A_REAL_DATE_MESSAGE = "Enter your real date of birth. It must be in the past."


def date_of_birth_problems(date_of_birth: dt.date, *, today: dt.date) -> list[str]:
    if date_of_birth >= today or date_of_birth.year < today.year - 120:
        return [NOT_A_REAL_DATE_MESSAGE]
    age = check_age(date_of_birth, today)
    if age.too_young:
        return [TOO_YOUNG_MESSAGE]
    if age.too_old:
        return [TOO_OLD_MESSAGE]
    return []


def age_band(age: int) -> str:
    """The age band a voter's age is counted in (the published turnout's bands)."""
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return band_label(low, high)
    return "other"
