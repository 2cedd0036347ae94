import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_asgi_application()

from cadets.crypto import verify_stored_data_opens  # noqa: E402

# Refuse to serve with keys that cannot open the stored data (cadets/crypto.py).
verify_stored_data_opens()
