import pytest

from kernel_session import Session


@pytest.fixture(scope="module")
def sdia():
    """One kernel session shared by the tests of a module."""
    session = Session()
    yield session
    session.close()
