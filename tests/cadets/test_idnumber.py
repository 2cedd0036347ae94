"""GB 11643 ID numbers: valid numbers pass, any single-character change fails."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from cadets.idnumber import (
    MSG_ID_CHECK,
    birth_date_of,
    check_char,
    mask_id_number,
    mask_phone,
    validate_id_number,
)

ALPHABET = "0123456789X"


@st.composite
def valid_ids(draw) -> str:
    area = draw(st.from_regex(r"\A[1-9][0-9]{5}\Z"))
    birth = draw(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2010, 12, 31)))
    seq = draw(st.integers(0, 999))
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


@given(valid_ids())
def test_valid_numbers_pass(id_number):
    validate_id_number(id_number)


@given(valid_ids(), st.integers(0, 17), st.sampled_from(ALPHABET))
def test_any_single_character_change_fails(id_number, position, replacement):
    changed = id_number[:position] + replacement + id_number[position + 1 :]
    if changed == id_number:
        return
    with pytest.raises(ValidationError):
        validate_id_number(changed)


def test_a_known_number_and_its_check_digit():
    # The worked example of GB 11643-1999: 11010519491231002X.
    validate_id_number("11010519491231002X")
    with pytest.raises(ValidationError) as error:
        validate_id_number("110105194912310021")
    assert error.value.messages == [str(MSG_ID_CHECK)]


@pytest.mark.parametrize("bad", ["", "123", "1101051949123100XX", "11010519491331002X"])
def test_malformed_numbers_fail(bad):
    with pytest.raises(ValidationError):
        validate_id_number(bad)


def test_birth_date_is_read_from_the_number():
    assert birth_date_of("11010519491231002X") == dt.date(1949, 12, 31)


def test_masks_keep_only_the_ends():
    assert mask_id_number("32010219990101123X") == "3201**********123X"
    assert mask_phone("13812345678") == "138****5678"


def test_non_ascii_digits_are_refused():
    # Found by hypothesis: a regex "\\d" also matches digits of other scripts (e.g. "૦").
    with pytest.raises(ValidationError):
        validate_id_number("10000૦200001010009")
