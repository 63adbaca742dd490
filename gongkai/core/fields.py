"""Model fields of our own."""

from __future__ import annotations

from django.db import models

from gongkai.core import crypto


class EncryptedTextField(models.TextField):
    """Text stored encrypted (see core.crypto); reads give the plain value. Not searchable:
    keep a `crypto.digest` beside it when rows must be found by the value."""

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return crypto.encrypt(value)
