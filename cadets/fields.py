"""Model fields for sensitive values: the Python value is plaintext, the column holds only the
sealed form (cadets/crypto.py), and a digest column beside it serves uniqueness and lookup."""

from __future__ import annotations

from django.db import models

from . import crypto


class EncryptedCharField(models.CharField):
    """A CharField in forms and validation (max_length applies to the plaintext); a text column
    holding the sealed value in the database. Lookups other than isnull cannot work on it: look
    the value up through its DigestField."""

    def get_internal_type(self) -> str:
        return "TextField"

    def db_type(self, connection):
        return models.TextField().db_type(connection)

    def cast_db_type(self, connection):
        return models.TextField().cast_db_type(connection)

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        if not crypto.is_sealed(value):
            return value  # a row written before encryption; the next save seals it
        return crypto.open_sealed(value, context=self.name)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value or crypto.is_sealed(value):
            return value
        return crypto.seal(value, context=self.name)


class DigestField(models.CharField):
    """The keyed digest of another field's plaintext, set on every save and bulk insert."""

    def __init__(self, *args, source: str = "", **kwargs) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        plaintext = getattr(model_instance, self.source) or ""
        value = crypto.digest(plaintext, context=self.source) if plaintext else None
        setattr(model_instance, self.attname, value)
        return value
