"""`make test`: the real PostgreSQL and Redis (docs/architecture.md, principle 5)."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/xuandiao")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")

from .base import *  # noqa: E402, F403

# Fast hashing in tests; Argon2 is still the first hasher in production (base.py).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405

# Every response of the suite is scanned for full ID and phone numbers (tests/leak_detector.py).
MIDDLEWARE = [*MIDDLEWARE, "tests.leak_detector.SensitiveValueLeakDetector"]  # noqa: F405
