"""The identity guard against a corpus of real-format and near-miss strings."""

import pytest

from samverkan.lib.identity import find_identity_numbers, luhn_valid

IDENTITIES = [
    "19121212-1212",  # 12 digits with dash
    "191212121212",  # 12 digits
    "121212-1212",  # 10 digits with dash
    "1212121212",  # 10 digits
    "121212+1212",  # over a hundred years old
    "811218-9876",
    "198112189876",
    "20040229-0084",  # a leap day
    "040229-0084",
    "701063-2391",  # samordningsnummer: day 63 = the 3rd
    "197010632391",
    "0701234569",  # born 2007-01-23; a bare number is taken as one
    "20231208-1405",
]
NEAR_MISSES = [
    "2023-12-08",  # dates
    "20231208",
    "2023-12-08 14:00",
    "8 december 2023",
    "CS 2024/7",  # registry numbers
    "RS 2023/1234",
    "Dnr KS 2024-00123",
    "070-123 45 69",  # phone numbers
    "070-1234569",
    "+46 70 123 45 69",
    "+46701234569",
    "0046701234569",
    "040-10 20 30",
    "08-123 456 78",
    "Tel. 0701234569",
    "mobil: 0701234569",
    "ring 0701234569",
    "121212-1213",  # wrong check digit
    "1212121213",
    "191313131313",  # no such date
    "121232-1210",  # day 32
    "991301-1234",  # month 13
    "232100-0255",  # Region Skåne's organisation number (month 21)
    "212000-1355",  # an organisation number
    "21121212-1212",  # no such century
    "1 212 121 212 kr",  # an amount
    "12121212121212",  # too many digits
    "version 1.2.1212121212",  # part of a longer token is still a number: see below
]


@pytest.mark.parametrize("text", IDENTITIES)
def test_it_finds_identity_numbers_in_every_common_form(text):
    hits = find_identity_numbers(f"Patienten {text} skrevs ut.")

    assert len(hits) == 1
    assert hits[0].masked == text[:-4] + "****"


@pytest.mark.parametrize("text", NEAR_MISSES[:-1])
def test_near_misses_do_not_trigger(text):
    assert find_identity_numbers(f"Se {text} i underlaget.") == []


def test_a_number_after_a_dot_is_still_found():
    # Digits glued to other text are no protection: better refuse than leak.
    assert len(find_identity_numbers(NEAR_MISSES[-1])) == 1


def test_it_points_at_line_and_column():
    text = "Händelse på avdelning 3.\nPatient 19121212-1212 fick ingen läkemedelslista."

    (hit,) = find_identity_numbers(text)

    assert (hit.line, hit.column) == (2, 9)


def test_it_finds_several_numbers():
    assert len(find_identity_numbers("121212-1212 och 811218-9876")) == 2


def test_luhn():
    assert luhn_valid("1212121212")
    assert not luhn_valid("1212121213")
