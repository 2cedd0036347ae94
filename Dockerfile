# The production-like image used by docker-compose.yml: one image, three commands (web, worker,
# beat) — the same commands as the Procfile that `make run` starts.
FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN apt-get update && apt-get install -y --no-install-recommends \
        gettext fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 postgresql-client \
    && rm -rf /var/lib/apt/lists/* && pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# Hashed, gzip- and brotli-compressed static files, served by WhiteNoise from gunicorn itself
# (the production settings; the placeholder secrets exist for this build step only).
RUN DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=collectstatic-only \
    ALLOWED_HOSTS=localhost FIELD_ENCRYPTION_KEYS=collectstatic-only FIELD_DIGEST_KEY=collectstatic-only \
    python manage.py collectstatic --noinput -v0
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4"]
