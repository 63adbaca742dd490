"""Field encryption for personal data (applicant identity numbers, phone numbers).

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under the keys in
`GONGKAI_FIELD_KEYS` (comma-separated, newest first: old keys still decrypt, so keys can be
rotated); without it, one key is derived from SECRET_KEY, which is fine for a demo but ties the
data to that secret. `digest` gives a keyed hash for finding the same person again (the fee
tiers count per applicant per month) without decrypting every row.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class DecryptionError(ValueError):
    pass


def _derive(secret: str, purpose: str) -> bytes:
    return hashlib.sha256(f"gongkai:{purpose}:{secret}".encode()).digest()


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...], secret: str) -> MultiFernet:
    if keys:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    return MultiFernet([Fernet(base64.urlsafe_b64encode(_derive(secret, "field-key")))])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.GONGKAI_FIELD_KEYS), settings.SECRET_KEY)


def encrypt(value: str) -> str:
    if value == "":
        return ""
    return _current().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if token == "":
        return ""
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError("无法解密：密钥不匹配或数据已损坏") from None


def digest(value: str) -> str:
    """A keyed hash of a normalized value (for equality lookups), hex."""
    keys = settings.GONGKAI_FIELD_KEYS
    key = keys[-1].encode() if keys else _derive(settings.SECRET_KEY, "digest")
    normalized = "".join(value.split()).upper()
    return hmac.new(key, normalized.encode(), hashlib.sha256).hexdigest()


def mask(value: str, *, head: int = 3, tail: int = 4) -> str:
    """`110105********1234`-style masking for lists."""
    if not value:
        return ""
    if len(value) <= head + tail:
        return value[:1] + "*" * (len(value) - 1)
    return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]
