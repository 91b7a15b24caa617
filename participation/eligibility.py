"""Who may take part: ages counted on the day, the way UK law counts them.

A person's age goes up on their birthday. Someone born on 29 February has their
birthday on 1 March in years without a 29 February (the usual UK reading, e.g. for
the age of majority), so they turn 13 on 1 March of a common year.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.conf import settings


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
