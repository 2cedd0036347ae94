import pytest

from .builders import assessment_world


@pytest.fixture
def aw(world):
    """The assessment records of tests/assessments/builders.py on top of `world`."""
    return assessment_world(world)
