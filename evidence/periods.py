"""Month arithmetic the importer, the rollups, the selectors and the generator share."""

import datetime as dt


def next_month(month: dt.date) -> dt.date:
    """The first day of the month after `month`'s."""
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def months_ending(last: dt.date, count: int) -> list[dt.date]:
    """`count` whole months up to and including `last`'s, oldest first."""
    months = [last.replace(day=1)]
    for _ in range(count - 1):
        months.append(previous_month(months[-1]))
    return months[::-1]


def days_of(month: dt.date) -> list[dt.date]:
    return [month + dt.timedelta(days=n) for n in range((next_month(month) - month).days)]
