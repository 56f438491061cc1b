"""Official-code validators (USCC, ID number) and masking of personal numbers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from rouxing.core.masking import mask_id_number, mask_phone, mask_text
from rouxing.core.validators import validate_id_number, validate_uscc

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
bodies = st.text(alphabet=USCC_CHARS, min_size=8, max_size=8).map(lambda s: "91350400" + s + "M")


@given(bodies)
def test_uscc_with_computed_check_character_is_accepted(body):
    validate_uscc(body + uscc.calc_check_digit(body))


@given(bodies, st.sampled_from(USCC_CHARS))
def test_uscc_with_any_other_check_character_is_refused(body, wrong):
    right = uscc.calc_check_digit(body)
    if wrong == right:
        return
    with pytest.raises(ValidationError, match="校验位"):
        validate_uscc(body + wrong)


def test_lower_case_uscc_with_spaces_is_normalised_and_accepted():
    body = "91350400MA2Y0000A"
    validate_uscc(" " + (body + uscc.calc_check_digit(body)).lower() + " ")


def test_id_number_with_impossible_birth_date_is_refused():
    body = "35042119801301123"  # month 13
    with pytest.raises(ValidationError, match="出生日期"):
        validate_id_number(body + ric.calc_check_digit(body))


def test_masking_keeps_only_region_and_last_digits():
    assert mask_id_number("35042119800101123X") == "350421********123X"
    assert mask_phone("13912345678") == "139****5678"


def test_free_text_masking_hides_every_number():
    text = mask_text("当事人350421198001011234，手机13912345678，另一人110101199003071235")
    assert "350421198001011234" not in text and "13912345678" not in text and "110101199003071235" not in text
