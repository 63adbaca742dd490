"""Check characters of 统一社会信用代码 and 组织机构代码."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core import codes
from gongkai.core.demo import demo_code

org_bodies = st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8)


@pytest.mark.parametrize("code", ["000014349", "00001434-9"])
def test_real_organization_code(code):
    assert codes.is_valid_org_code(code)
    codes.validate_org_code(code)


@pytest.mark.parametrize("code", ["11441700007280420Y", "11341702486344515H"])
def test_real_credit_codes(code):
    assert codes.is_valid_uscc(code)
    codes.validate_org_code(code.lower())  # normalized before checking


@given(st.integers(min_value=0, max_value=9_999_999))
def test_demo_codes_are_valid(serial):
    assert codes.is_valid_uscc(demo_code(serial))


@given(org_bodies, st.integers(min_value=0, max_value=16), st.data())
def test_any_single_change_is_caught(org_body, position, data):
    body = "11430271" + org_body + codes.org_check_char(org_body)
    code = body + codes.uscc_check_char(body)
    assert codes.is_valid_uscc(code)
    replacement = data.draw(
        st.sampled_from([c for c in codes.USCC_ALPHABET if c != code[position]])
    )
    changed = code[:position] + replacement + code[position + 1 :]
    assert not codes.is_valid_uscc(changed)


@pytest.mark.parametrize(
    "bad", ["", "123", "000014348", "11441700007280420X", "1144170000728042OY"]
)
def test_invalid_codes_have_a_chinese_message(bad):
    with pytest.raises(ValidationError) as exc:
        codes.validate_org_code(bad)
    assert "校验位" in exc.value.messages[0]
