"""Working days and deadlines the Swedish way."""

import datetime as dt
from functools import cache

import holidays


@cache
def swedish_holidays(year: int) -> frozenset[dt.date]:
    """Return the public holidays of `year`, with the de facto days off.

    Midsommarafton, julafton and nyårsafton are not public holidays by law
    but no public office works on them, so deadlines skip them too.
    """
    calendar = holidays.country_holidays(
        "SE", years=year, include_sundays=False, categories=("public", "de_facto")
    )
    return frozenset(calendar)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in swedish_holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """Return the day `days` working days after `start` (before, if negative)."""
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def deadline(start: dt.date, days: int, *, working_days: bool) -> dt.date:
    """Return the deadline `days` after `start`, in calendar or working days.

    A calendar deadline that falls on a day off moves to the next working day.
    """
    if working_days:
        return add_working_days(start, days)
    day = start + dt.timedelta(days=days)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day
