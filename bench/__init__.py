"""Province scale (issue 9): the invented province (`province.py`), the benchmark of the main
pages against their floors and the admin (`runner.py`, `pages.py`, `floors.py`) and the
mixed-load test under gunicorn (`load.py`). Not a Django app: plain modules used by
`manage.py seed_demo --scale province` and `manage.py bench` (both in accounts)."""
