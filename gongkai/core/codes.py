"""Organization codes used by the 索引号 rules. Pure functions.

- 统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character.
- 组织机构代码 (GB 11714-1997): 8 characters and a check character (often written
  `XXXXXXXX-X`); it is also characters 9–17 of a 统一社会信用代码.
"""

from django.core.exceptions import ValidationError

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_BODY_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def uscc_check_char(body: str) -> str:
    """Check character for the first 17 characters of a 统一社会信用代码."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_check_char(body: str) -> str:
    """Check character for the 8-character body of a 组织机构代码."""
    total = sum(ORG_BODY_ALPHABET.index(c) * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def is_valid_uscc(code: str) -> bool:
    if len(code) != 18 or any(c not in USCC_ALPHABET for c in code):
        return False
    if uscc_check_char(code[:17]) != code[17]:
        return False
    return is_valid_org_code(code[8:17])


def is_valid_org_code(code: str) -> bool:
    code = code.replace("-", "")
    if len(code) != 9 or any(c not in ORG_BODY_ALPHABET for c in code[:8]):
        return False
    return org_check_char(code[:8]) == code[8]


def normalize_org_code(code: str) -> str:
    return code.strip().upper().replace("-", "")


def validate_org_code(value: str) -> None:
    code = normalize_org_code(value)
    if len(code) == 18 and is_valid_uscc(code):
        return
    if len(code) == 9 and is_valid_org_code(code):
        return
    raise ValidationError(
        "“%(value)s”不是有效的统一社会信用代码（18位）或组织机构代码（9位），请核对校验位。",
        code="invalid_org_code",
        params={"value": value},
    )
