"""ID and phone numbers are encrypted at rest: no plaintext in the column, nothing opens with
the wrong key, tampering is refused, and everything still reads after key rotation."""

import base64
import os

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import IntegrityError, connection

from cadets import crypto
from cadets.models import Trainee
from tests.factories import TraineeFactory

NEW_KEY = base64.urlsafe_b64encode(b"n" * 32).decode()


@pytest.fixture(autouse=True)
def fresh_keys():
    crypto._keys.cache_clear()
    yield
    crypto._keys.cache_clear()


def raw(trainee, column="id_number") -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM cadets_trainee WHERE id = %s", [trainee.pk])
        return cursor.fetchone()[0]


def test_the_column_holds_no_plaintext(world):
    stored = raw(world.own)
    assert stored.startswith("v1:") and world.own.id_number not in stored
    assert world.own.phone not in raw(world.own, "phone")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM cadets_historicaltrainee")
        assert all(value.startswith("v1:") for (value,) in cursor.fetchall())


def test_values_read_back_and_are_found_through_the_digest(world):
    trainee = Trainee.objects.get(pk=world.own.pk)
    assert trainee.id_number == world.own.id_number
    assert Trainee.objects.with_id_number(world.own.id_number.lower()).get() == trainee


def test_uniqueness_holds_in_the_database(world):
    duplicate = TraineeFactory.build(
        id_number=world.own.id_number, township=world.township_a, cohort=world.own.cohort
    )
    with pytest.raises(IntegrityError):
        duplicate.save()


def test_the_wrong_key_opens_nothing(world, settings):
    stored = raw(world.own)
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]
    crypto._keys.cache_clear()
    with pytest.raises(crypto.DecryptionError):
        crypto.open_sealed(stored, context="id_number")
    with pytest.raises(ImproperlyConfigured):
        crypto.verify_stored_data_opens()


def test_tampered_ciphertext_is_refused(world):
    stored = raw(world.own)
    prefix, key_id, payload = stored.split(":", 2)
    data = bytearray(base64.b64decode(payload))
    data[-1] ^= 1
    tampered = f"{prefix}:{key_id}:{base64.b64encode(bytes(data)).decode()}"
    with pytest.raises(crypto.DecryptionError):
        crypto.open_sealed(tampered, context="id_number")
    # A value moved into another column does not open either (the field name is bound in).
    with pytest.raises(crypto.DecryptionError):
        crypto.open_sealed(stored, context="phone")


def test_after_key_rotation_everything_still_reads(world, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY, old_key]
    crypto._keys.cache_clear()
    call_command("rotate_encryption_key", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.FIELD_ENCRYPTION_KEYS = [NEW_KEY]  # the old key is gone
    crypto._keys.cache_clear()
    assert crypto.sealed_key_id(raw(world.own)) == crypto.current_key_id()
    assert Trainee.objects.get(pk=world.own.pk).id_number == world.own.id_number
    assert {t.phone for t in Trainee.history.model.objects.all()} >= {world.own.phone}


@pytest.mark.parametrize(
    "keys", [[], ["not-base64!"], [base64.urlsafe_b64encode(b"short").decode()]]
)
def test_a_missing_or_malformed_key_stops_start_up(settings, keys):
    settings.FIELD_ENCRYPTION_KEYS = keys
    with pytest.raises(ImproperlyConfigured):
        crypto.check_configuration()


def test_production_refuses_the_public_demo_keys(monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org")
    monkeypatch.setenv("FIELD_ENCRYPTION_KEYS", "ZGVtby1vbmx5LWZpZWxkLWtleS1ub3QtZm9yLXByb2Q=")
    monkeypatch.setenv("FIELD_DIGEST_KEY", NEW_KEY)
    sys.modules.pop("config.settings.production", None)
    with pytest.raises(ImproperlyConfigured):
        importlib.import_module("config.settings.production")
    monkeypatch.delenv("FIELD_ENCRYPTION_KEYS")
    sys.modules.pop("config.settings.production", None)
    with pytest.raises(ImproperlyConfigured):
        importlib.import_module("config.settings.production")
