"""Encryption at rest for sensitive personal information (docs/architecture.md, "Data
protection").

Values are sealed with AES-256-GCM under a key from the environment, never from the database
or the repository. A stored value reads `v1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>`; the
key id picks the key among settings.FIELD_ENCRYPTION_KEYS (the first seals, all open), which
is how keys rotate (`manage.py rotate_encryption_key`). The field's name is bound in as
associated data, so a value copied into another column does not open. Exact lookups and
uniqueness use a keyed HMAC-SHA-256 digest in a separate column (settings.FIELD_DIGEST_KEY).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "v1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value that no configured key opens: tampered, or the key is missing."""


def seal(plaintext: str, *, context: str) -> str:
    key_id, key = _keys()[0]
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), context.encode())
    return f"{PREFIX}:{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def open_sealed(stored: str, *, context: str) -> str:
    try:
        prefix, key_id, payload = stored.split(":", 2)
        raw = base64.b64decode(payload, validate=True)
    except ValueError as error:
        raise DecryptionError("malformed sealed value") from error
    if prefix != PREFIX:
        raise DecryptionError("unknown format")
    key = dict(_keys()).get(key_id)
    if key is None:
        raise DecryptionError(f"no configured key has id {key_id}")
    try:
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()
    except InvalidTag as error:
        raise DecryptionError("the sealed value was altered or sealed under another key") from error


def is_sealed(stored: str) -> bool:
    return stored.startswith(f"{PREFIX}:")


def sealed_key_id(stored: str) -> str:
    return stored.split(":", 2)[1] if is_sealed(stored) else ""


def current_key_id() -> str:
    return _keys()[0][0]


def digest(value: str, *, context: str) -> str:
    """The keyed digest used for uniqueness and exact lookup (hex, 64 characters)."""
    key = _decode_key(settings.FIELD_DIGEST_KEY, "FIELD_DIGEST_KEY")
    return hmac.new(key, f"{context}:{value}".encode(), hashlib.sha256).hexdigest()


def check_configuration() -> None:
    """Raise ImproperlyConfigured unless every key is a valid 256-bit key (called at start-up)."""
    _keys.cache_clear()
    _keys()
    _decode_key(settings.FIELD_DIGEST_KEY, "FIELD_DIGEST_KEY")


@lru_cache(maxsize=1)
def _keys() -> tuple[tuple[str, bytes], ...]:
    configured = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", []) or [])
    if not configured:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is not set: sensitive data cannot be read."
        )
    keys = []
    for value in configured:
        key = _decode_key(value, "FIELD_ENCRYPTION_KEYS")
        keys.append((hashlib.sha256(key).hexdigest()[:8], key))
    return tuple(keys)


def _decode_key(value: str, name: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(value.encode())
    except (ValueError, AttributeError) as error:
        raise ImproperlyConfigured(f"{name} must be base64 of 32 random bytes") from error
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name} must be base64 of 32 random bytes")
    return key


def verify_stored_data_opens() -> None:
    """Open one stored value with the configured keys, or refuse to start: a server with the
    wrong key would otherwise show errors or garbage instead of the records. Called by the
    WSGI/ASGI entry points in production."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM cadets_trainee WHERE id_number LIKE 'v1:%%' LIMIT 1")
        row = cursor.fetchone()
    if row is None:
        return
    try:
        open_sealed(row[0], context="id_number")
    except DecryptionError as error:
        raise ImproperlyConfigured(
            f"FIELD_ENCRYPTION_KEYS cannot open the stored ID numbers; refusing to start. ({error})"
        ) from error
