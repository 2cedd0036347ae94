import pytest

from .demo_city import demo_city_lay, demo_city_seed_and_copy
from .world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def login(client):
    """`login(user)` signs the test client in as `user` (None stays anonymous)."""

    def _login(user):
        if user is not None:
            client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="session")
def demo_city_rows(django_db_setup, django_db_blocker):
    """The demo city's rows, seeded by `seed_demo` once per session (tests/demo_city.py)."""
    with django_db_blocker.unblock():
        return demo_city_seed_and_copy()


@pytest.fixture
def demo_city(db, demo_city_rows):
    """The database holds the demo city of `seed_demo` and nothing else, as after `make run`.

    Works in transactional tests too (the browser tests, backup and restore): their flush at the
    end empties the tables again."""
    demo_city_lay(demo_city_rows)
