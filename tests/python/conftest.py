import pytest

from kernel_session import Session


@pytest.fixture(scope="module", autouse=True)
def analysis_only_where_used(request):
    """Kernels started by a module run without the kernel's analysis (`SDIA_ANALYSIS=off`)
    unless the module says `USES_ANALYSIS = True`.

    The analysis serves Tab and Shift-Tab and types `let` patterns once it is loaded, about 30 s
    after launch; batch runs of whole notebooks finish most cells before that, and its warm-up
    (≈30 s of CPU, ≈2 GB per kernel) would compete with their compiles on this 2-core machine.
    Kernels inherit the environment from jupyter_client, nbclient, papermill and nbgrader alike.
    """
    if getattr(request.module, "USES_ANALYSIS", False):
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SDIA_ANALYSIS", "off")
        yield


@pytest.fixture(scope="module")
def sdia():
    """One kernel session shared by the tests of a module."""
    session = Session()
    yield session
    session.close()
