"""Production: secrets must come from the environment; nothing falls back to a default."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Hashed file names (bootstrap.3f2a….min.css) with gzip and brotli copies, written by
# collectstatic: WhiteNoise serves them with a ten-year immutable Cache-Control, since a changed
# file gets a new name, and sends the compressed copy a browser accepts.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Sensitive data needs real keys: no default, and never the public demo keys.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS")
FIELD_DIGEST_KEY = env("FIELD_DIGEST_KEY")
if DEV_FIELD_ENCRYPTION_KEY in FIELD_ENCRYPTION_KEYS or FIELD_DIGEST_KEY == DEV_FIELD_DIGEST_KEY:  # noqa: F405
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Production must not use the public demo encryption keys.")

# Every link in e-mails and the calendar feed starts with SITE_URL: a production left on the
# development default would send people links to their own computer.
SITE_URL = env("SITE_URL").rstrip("/")
if SITE_URL == DEV_SITE_URL.rstrip("/") or not SITE_URL.startswith(("https://", "http://")):  # noqa: F405
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "Set SITE_URL to the address people open the product at, e.g. https://xuandiao.example.org."
    )
