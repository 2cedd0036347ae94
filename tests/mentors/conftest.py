import datetime as dt

import pytest

# A fixed "today" for the services: inside the world's pairings (from 2025-08-01).
TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def today():
    return TODAY
