"""Tab and Shift-Tab as a student presses them, through the real kernel (complete_request,
inspect_request and `name?`), once the kernel's analysis has loaded."""

import pytest
from jupyter_client.manager import start_new_kernel

from test_student_cells import wait_for_analysis

# Tab, Shift-Tab and the typing of `let` patterns need the kernel's analysis (see conftest.py).
USES_ANALYSIS = True

SETUP = [
    'let df = df!("x" => [1.0, 2.0], "y" => [3.0, 4.0])?;',
    'let s = String::from("bonjour");',
    "struct Point { x: f64, y: f64 }\nimpl Point { fn norm(&self) -> f64 { self.x.hypot(self.y) } }",
    "let pt = Point { x: 3.0, y: 4.0 };",
]

# (code before the cursor, a completion that must be offered, its kind, text in its signature)
COMPLETIONS = [
    ("df.hei", "height", "method", "usize"),
    ("LinearReg", "LinearRegression", "struct", ""),
    ("LinearRegression::new().", "fit", "method", "DataFrame"),
    ('dataset("iris")?.sel', "select", "method", ""),
    ("describ", "describe", "function", "DataFrame"),
    ("train_test_", "train_test_split", "function", "f64"),
    ('col("x").me', "mean", "method", "Expr"),
    ("s.to_upp", "to_uppercase", "method", "String"),
    ("pt.no", "norm", "method", "f64"),
    ("pt.", "x", "field", "f64"),
    ("let v: Vec<f64> = Vec::with_cap", "with_capacity", "function", "usize"),
    ("retu", "return", "keyword", ""),
    ("d", "df", "variable", "DataFrame"),
]

# Cases for the analysis' narrower views (not in bench/analysis_bench.py's 13): a bare name
# imports only part of the prelude, and the analysis leaves out crates a cell can't name. A local
# typed through a prelude trait and prelude functions that don't match what was typed; an item of
# the session that shadows a prelude name; a polars type two crates down; a library type whose
# implementation sits on a crate left out (the Spark client).
NARROWER_VIEWS = [
    (
        'let small = dataset("iris")?.rows_where(col("sepal_length").gt(5))?;\nsma',
        "small",
        "variable",
        "DataFrame",
    ),
    ("fn first() -> i32 { 1 }\nfirs", "first", "function", "i32"),
    ('df.column("x")?.f64()?.me', "mean", "method", "f64"),
    ("let f: SparkFr", "SparkFrame", "struct", ""),
    ('let k = KMeans::new(3).seed(7);\nk.fi', "fit", "method", "DataFrame"),
]

# (code, cursor at the end of this name, text the documentation must contain)
INSPECTIONS = [
    ("describe", "describe", "pandas"),
    ("LinearRegression", "LinearRegression", "intercept"),
    ("train_test_split", "train_test_split", "test_fraction"),
    ("Vec::new", "new", "Constructs a new, empty"),
    ("df.height()", "height", "usize"),
    ("pt.norm()", "norm", "f64"),
]


@pytest.fixture(scope="module")
def kernel():
    km, kc = start_new_kernel(kernel_name="sdia", startup_timeout=180)
    for code in SETUP:
        reply = kc.execute_interactive(code, timeout=300)["content"]
        assert reply["status"] == "ok", (code, reply)
    wait_for_analysis(kc)
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


@pytest.mark.parametrize("code,expected,kind,signature", COMPLETIONS + NARROWER_VIEWS)
def test_tab_completes(kernel, code, expected, kind, signature):
    reply = kernel.complete(code, len(code), reply=True, timeout=60)["content"]
    assert reply["status"] == "ok"
    assert expected in reply["matches"], reply["matches"][:20]
    typed = code[reply["cursor_start"] : reply["cursor_end"]]
    assert expected.startswith(typed), (typed, expected)
    entry = next(
        t for t in reply["metadata"]["_jupyter_types_experimental"] if t["text"] == expected
    )
    assert entry["type"] == kind, entry
    assert signature in entry["signature"], entry


@pytest.mark.parametrize("code,name,text", INSPECTIONS)
def test_shift_tab_documents(kernel, code, name, text):
    cursor = code.index(name) + len(name)
    reply = kernel.inspect(code, cursor, reply=True, timeout=60)["content"]
    assert reply["found"], reply
    assert text in reply["data"]["text/plain"], reply["data"]["text/plain"][:400]
    assert "<" in reply["data"]["text/html"]


def test_help_request_pages_the_documentation(kernel):
    pages = []
    reply = kernel.execute_interactive("describe?", timeout=60)
    payload = reply["content"]["payload"]
    pages = [p for p in payload if p.get("source") == "page"]
    assert pages and "pandas" in pages[0]["data"]["text/plain"]


def test_analysis_reads_the_installed_copy_of_the_library_sources():
    """The analysis reads the library's sources from $SDIA_HOME/source (install.sh's copy), so
    an installed kernel keeps completing library names after the checkout it was built from is
    moved or deleted; the copy must be the sources the library was built from."""
    import filecmp
    import os
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    home = pathlib.Path(
        os.environ.get("SDIA_HOME", pathlib.Path.home() / ".local/share/sdia")
    )
    installed = home / "source"
    sources = sorted(
        p.relative_to(root)
        for p in (root / "stdlib").rglob("*")
        if p.is_file() and "target" not in p.relative_to(root).parts
    )
    assert sources, "no library sources found in the repository"
    for rel in sources + [pathlib.Path("Cargo.lock")]:
        copy = installed / rel
        assert copy.is_file(), f"{copy} missing: run ./install.sh"
        assert filecmp.cmp(root / rel, copy, shallow=False), f"{copy} is stale: run ./install.sh"
    manifest = (installed / "Cargo.toml").read_text()
    assert 'members = ["stdlib"]' in manifest and "[workspace.package]" in manifest
