import datetime as dt

import pytest

from samverkan.lib.dates import (
    add_working_days,
    deadline,
    is_working_day,
    swedish_holidays,
)

D = dt.date


@pytest.mark.parametrize(
    "day",
    [
        D(2024, 1, 1),  # nyårsdagen
        D(2024, 1, 6),  # trettondedag jul (a Saturday too)
        D(2024, 3, 29),  # långfredagen
        D(2024, 4, 1),  # annandag påsk
        D(2024, 5, 1),
        D(2024, 5, 9),  # Kristi himmelsfärdsdag
        D(2024, 6, 6),  # nationaldagen
        D(2024, 6, 21),  # midsommarafton
        D(2024, 12, 24),  # julafton
        D(2024, 12, 25),
        D(2024, 12, 26),
        D(2024, 12, 31),  # nyårsafton
    ],
)
def test_swedish_public_holidays_and_eves_are_days_off(day):
    assert not is_working_day(day)


def test_weekends_are_days_off_and_ordinary_weekdays_are_not():
    assert not is_working_day(D(2024, 3, 9)) and not is_working_day(D(2024, 3, 10))
    assert is_working_day(D(2024, 3, 11))
    assert D(2024, 3, 10) not in swedish_holidays(
        2024
    )  # Sundays are not listed as holidays


def test_working_days_skip_easter():
    # Thursday before Easter + 1 working day: Good Friday and Easter Monday are off.
    assert add_working_days(D(2024, 3, 28), 1) == D(2024, 4, 2)


def test_working_days_skip_christmas_and_new_year():
    assert add_working_days(D(2024, 12, 20), 5) == D(2025, 1, 3)


def test_working_days_can_count_backwards():
    assert add_working_days(D(2024, 4, 2), -1) == D(2024, 3, 28)


def test_a_calendar_deadline_on_a_day_off_moves_to_the_next_working_day():
    # Four weeks after 2024-11-26 is julafton: the deadline is the 27th.
    assert deadline(D(2024, 11, 26), 28, working_days=False) == D(2024, 12, 27)
    assert deadline(D(2024, 3, 4), 28, working_days=False) == D(2024, 4, 2)


def test_a_working_day_deadline_counts_only_working_days():
    assert deadline(D(2024, 3, 4), 20, working_days=True) == D(2024, 4, 3)
