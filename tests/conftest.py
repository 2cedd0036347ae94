import pytest

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
