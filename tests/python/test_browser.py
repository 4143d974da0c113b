"""What a student sees in JupyterLab: a real `jupyter lab` from .venv, driven by Debian's Chromium
through Playwright, on notebook 00 (the welcome tour) and on graded notebook 01.

One server and one browser for the module; one kernel at a time (the machine has 2 cores): the
welcome notebook's kernel is shut down before the graded notebook opens. Each step leaves a
screenshot in tests/output/browser/ (gitignored), named in the failure messages.
"""

import base64
import pathlib
import re
import time

import pytest
from jupyter_client.kernelspec import KernelSpecManager

from jupyterlab_browser import CHROMIUM, CHROMIUM_ARGS, NOTEBOOKS, JupyterLab, NotebookPage, Screenshots

# Tab, Shift-Tab and the typing of `let` patterns need the kernel's analysis (see conftest.py).
USES_ANALYSIS = True

WELCOME = "00-bienvenue.ipynb"
GRADED = "01-sources-et-collecte.ipynb"
KERNEL_DISPLAY_NAME = "Rust (sdia)"
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
# The kernel loads its analysis (what completes library names) in the background after it starts.
COMPLETION_DEADLINE = 120  # seconds after the notebook opened (and its kernel started)
INTERRUPT_WITHIN = 10  # seconds from ■ to an idle kernel
# polars' own DataFrame methods: Tab after a DataFrame variable and a dot must offer them.
POLARS_METHODS = {"head", "height", "width", "shape", "columns", "select", "lazy"}
# In the cells that fail on purpose (tagged raises-exception): text of the line at fault.
FAULTY_LINES = ["ages[5]", '"deux mille vingt-six"', '"/donnees"']


@pytest.fixture(scope="module")
def shots():
    return Screenshots()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    server = JupyterLab(tmp_path_factory.mktemp("jupyterlab"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    assert pathlib.Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: tests/run.sh installs Debian's chromium"
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a fresh user-data-dir
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1400, "height": 900},
        )
        context.set_default_timeout(30_000)
        yield context
        context.close()


def open_notebook(lab, browser, shots, notebook, workspace):
    page = NotebookPage(lab, browser, notebook, workspace, shots)
    page.wait_until_rendered(timeout=120)
    return page


def run_all(page, shots, timeout):
    """Run > Run All Cells through the command palette; waits until the kernel is idle and every
    code cell has an execution count. Returns (seconds, prompts)."""
    name = shots.prefix(page.notebook)
    page.focus_notebook()
    started = time.monotonic()
    page.command("Run All Cells")
    page.wait_for(f"{page.notebook}: Run All Cells started (a '[*]:' prompt)",
                  lambda: "[*]:" in page.prompts(), 30, f"{name}-run-all-not-started")
    prompts = page.wait_for(
        f"{page.notebook}: Run All finished (kernel idle, every code cell numbered)",
        lambda: page.status() == "idle" and all(re.fullmatch(r"\[\d+\]:", p) for p in page.prompts())
        and page.prompts(),
        timeout, f"{name}-run-all-unfinished",
    )
    return time.monotonic() - started, prompts


def distinct_colors(page, png):
    """Number of distinct colours of a PNG, counted by the (Playwright) page's own canvas."""
    return page.evaluate(
        """async (b64) => {
            const img = new Image();
            img.src = 'data:image/png;base64,' + b64;
            await img.decode();
            const canvas = document.createElement('canvas');
            canvas.width = img.width; canvas.height = img.height;
            const ctx = canvas.getContext('2d');
            ctx.drawImage(img, 0, 0);
            const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
            const colours = new Set();
            for (let i = 0; i < data.length; i += 4) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
            return colours.size;
        }""",
        base64.b64encode(png).decode(),
    )


def rgb(css):
    return tuple(int(v) for v in re.findall(r"\d+", css)[:3])


# --- the launcher and the kernel picker ----------------------------------------------------------

def test_launcher_offers_the_sdia_kernel_with_its_logo(lab, browser, shots):
    page = browser.new_page()
    try:
        page.goto(f"{lab.url}/lab/workspaces/launcher?reset&token={lab.token}")
        card = page.locator(f'.jp-LauncherCard[data-category="Notebook"][title="{KERNEL_DISPLAY_NAME}"]')
        card.wait_for(timeout=90_000)
        logo = card.locator("img")
        logo.wait_for()
        path = shots.take(page, "launcher")
        src = logo.get_attribute("src")
        served = page.evaluate(
            """async (src) => {
                const img = document.querySelector(`.jp-LauncherCard img[src="${src}"]`);
                await img.decode();
                const bytes = new Uint8Array(await (await fetch(src)).arrayBuffer());
                let s = ''; for (const b of bytes) s += String.fromCharCode(b);
                return {width: img.naturalWidth, height: img.naturalHeight, b64: btoa(s)};
            }""", src)
        spec = KernelSpecManager().get_kernel_spec("sdia")
        files = {f.name: f.read_bytes() for f in pathlib.Path(spec.resource_dir).glob("logo-*")}
        assert files, f"the sdia kernelspec ({spec.resource_dir}) has no logo file"
        shown = base64.b64decode(served["b64"])
        assert served["width"] > 0 and served["height"] > 0, f"the launcher's logo {src} did not load (screenshot: {path})"
        assert shown in files.values(), (
            f"the launcher's logo {src} is not one of the kernelspec's logos {sorted(files)} (screenshot: {path})")
        box = logo.bounding_box()
        assert box and box["width"] > 10 and box["height"] > 10, f"the logo is not visible: {box} (screenshot: {path})"
        assert distinct_colors(page, logo.screenshot()) > 2, f"the logo shows as a blank square (screenshot: {path})"
    finally:
        page.close()


# --- notebook 00: the welcome tour -----------------------------------------------------------------

@pytest.fixture(scope="module")
def welcome(lab, browser, shots):
    page = open_notebook(lab, browser, shots, WELCOME, "welcome")
    yield page
    page.close()


@pytest.fixture(scope="module")
def welcome_run(welcome, shots):
    return run_all(welcome, shots, timeout=240)


def check_kernel_indicator(page, shots):
    name = shots.prefix(page.notebook)
    path = shots.take(page.page, f"{name}-opened")
    assert page.kernel_name() == KERNEL_DISPLAY_NAME, (
        f"{page.notebook}: the toolbar's kernel indicator says {page.kernel_name()!r} (screenshot: {path})")
    bar = page.page.locator("#jp-main-statusbar").inner_text()
    assert KERNEL_DISPLAY_NAME in bar, f"{page.notebook}: the status bar says {bar!r} (screenshot: {path})"
    assert page.status() == "idle", f"{page.notebook}: kernel status {page.status()!r} (screenshot: {path})"
    # The kernel picker (a click on the kernel's name) offers the same kernel.
    page.kernel_name_locator().click()
    dialog = page.page.locator(".jp-Dialog")
    dialog.wait_for()
    options = dialog.locator("option").all_inner_texts()
    path = shots.take(page.page, f"{name}-kernel-picker")
    dialog.locator(".jp-mod-reject").click()
    dialog.wait_for(state="detached")
    assert KERNEL_DISPLAY_NAME in options, f"the kernel picker offers {options} (screenshot: {path})"


def test_welcome_opens_on_the_sdia_kernel(welcome, shots):
    check_kernel_indicator(welcome, shots)


def check_run_all(page, shots, run):
    seconds, prompts = run
    path = shots.take(page.page, f"{shots.prefix(page.notebook)}-run-all-done")
    sources = page.code_sources()
    assert len(prompts) == len(sources), (
        f"{page.notebook}: {len(prompts)} code cells on the page, {len(sources)} in the file (screenshot: {path})")
    counts = [int(p[1:-2]) for p in prompts]
    assert counts == sorted(counts) and len(set(counts)) == len(counts), (
        f"{page.notebook}: cells did not run in order: {prompts} (screenshot: {path})")
    # No red output outside the cells that fail on purpose.
    tagged = raises_exception_indices(page)
    for index in range(len(sources)):
        if index not in tagged:
            red = page.code_cells().nth(index).locator(STDERR)
            assert red.count() == 0, (
                f"{page.notebook}: code cell {index + 1} shows an error: {red.first.inner_text()[:500]!r} "
                f"(screenshot: {path})")
    print(f"{page.notebook}: Run All took {seconds:.1f} s")


def raises_exception_indices(page):
    code = [c for c in page.source["cells"] if c["cell_type"] == "code"]
    return {i for i, c in enumerate(code) if "raises-exception" in c.get("metadata", {}).get("tags", [])}


def test_welcome_run_all_numbers_every_cell(welcome, welcome_run, shots):
    check_run_all(welcome, shots, welcome_run)


def table_of_cell(page, shots, index, what):
    cell = page.code_cells().nth(index)
    table = cell.locator('.jp-OutputArea-output[data-mime-type="text/html"] table')
    cell.scroll_into_view_if_needed()
    path = shots.take(page.page, f"{shots.prefix(page.notebook)}-table-{what}")
    assert table.count() == 1, (
        f"{page.notebook}: code cell {index + 1} ({what}) shows {table.count()} HTML tables, "
        f"outputs: {cell.locator('.jp-OutputArea-output').all_inner_texts()!r:.400} (screenshot: {path})")
    box = table.bounding_box()
    assert box and box["width"] > 50 and box["height"] > 20, f"the table is not visible: {box} (screenshot: {path})"
    header = [t.strip() for t in table.locator("thead tr").first.locator("th").all_inner_texts() if t.strip()]
    rows = table.locator("tbody tr").count()
    return header, rows, path


def check_tables(page, shots, expectations):
    """expectations: (text in the cell's source, expected header, expected rows or None)."""
    sources = page.code_sources()
    # Every HTML output with a table is rendered as one, none is shown as escaped text.
    escaped = [t for t in page.notebook_locator.locator(
        '.jp-OutputArea-output[data-mime-type="text/plain"]').all_inner_texts() if "<table" in t]
    assert not escaped, f"{page.notebook}: a table shown as text: {escaped[0][:300]!r}"
    tables = page.notebook_locator.locator('.jp-OutputArea-output[data-mime-type="text/html"] table')
    assert tables.count() > 0, f"{page.notebook}: no HTML table in the outputs"
    for marker, header, rows in expectations:
        index = next((i for i, s in enumerate(sources) if marker in s), None)
        assert index is not None, f"{page.notebook}: no code cell contains {marker!r} any more: update this test"
        shown, shown_rows, path = table_of_cell(page, shots, index, re.sub(r"\W+", "", marker)[:20])
        assert shown == header, f"{page.notebook}: the table of {marker!r} has columns {shown} (screenshot: {path})"
        if rows is not None:
            assert shown_rows == rows, f"{page.notebook}: the table of {marker!r} has {shown_rows} rows (screenshot: {path})"
        assert all(t.locator("td").count() > 0 for t in tables.locator("tbody tr").all()[:5])


def test_welcome_tables_render_as_html(welcome, welcome_run, shots):
    source = next(s for s in welcome.code_sources() if "df!(" in s)
    columns = re.findall(r'"([^"]+)"\s*=>', source)  # the df! columns, as the cell writes them
    check_tables(welcome, shots, [("df!(", columns, None)])


def test_welcome_charts_are_visible_images(welcome, welcome_run, shots):
    expected = sum(s.count("Chart::new") for s in welcome.code_sources())
    images = welcome.notebook_locator.locator(".jp-OutputArea-output img, .jp-OutputArea-output svg")
    assert expected > 0, "notebook 00 draws no chart any more: update this test"
    count = images.count()
    path = shots.take(welcome.page, "00-charts")
    assert count == expected, f"{count} chart images for {expected} Chart::new in notebook 00 (screenshot: {path})"
    for i in range(count):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        path = shots.take(welcome.page, f"00-chart-{i + 1}")
        loaded = image.evaluate("e => e.tagName !== 'IMG' || (e.complete && e.naturalWidth > 0)")
        assert loaded, f"chart {i + 1} did not load (screenshot: {path})"
        box = image.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100, f"chart {i + 1} has size {box} (screenshot: {path})"
        colours = distinct_colors(welcome.page, image.screenshot())
        assert colours > 10, f"chart {i + 1} is blank ({colours} colours) (screenshot: {path})"


def check_failing_cells(page, shots):
    tagged = sorted(raises_exception_indices(page))
    sources = page.code_sources()
    assert tagged, f"{page.notebook} has no cell that fails on purpose any more: update this test"
    for index in tagged:
        cell = page.code_cells().nth(index)
        red = cell.locator(STDERR)
        cell.scroll_into_view_if_needed()
        path = shots.take(page.page, f"{shots.prefix(page.notebook)}-error-cell-{index + 1}")
        assert red.count() > 0, (
            f"{page.notebook}: code cell {index + 1} fails on purpose but shows no error output; outputs: "
            f"{cell.locator('.jp-OutputArea-output').all_inner_texts()!r:.400} (screenshot: {path})")
        text = "\n".join(red.all_inner_texts())
        background = rgb(red.first.evaluate("e => getComputedStyle(e).backgroundColor"))
        r, g, b = background
        assert r >= 200 and r - g >= 20 and r - b >= 20, (
            f"{page.notebook}: the error of code cell {index + 1} is not red: background {background} (screenshot: {path})")
        lines = sources[index].splitlines()
        if "returned with `?`" in text:
            # An error value carries no line: the report must name what was wrong instead.
            named = [m.strip('"') for m in FAULTY_LINES if m in sources[index] and m.strip('"') in text]
            assert named, (
                f"{page.notebook}: the `?` error of code cell {index + 1} names none of {FAULTY_LINES} "
                f"used in the cell; it says:\n{text[:800]}\n(screenshot: {path})")
            continue
        shown = [int(n) for n in re.findall(r"\bline (\d+)", text)]
        faulty = [n for n, line in enumerate(lines, 1) if any(m in line for m in FAULTY_LINES)]
        expected = faulty or list(range(1, len(lines) + 1))
        assert set(shown) & set(expected), (
            f"{page.notebook}: the error of code cell {index + 1} does not name its line "
            f"(expected line {' or '.join(map(str, expected))}); it says:\n{text[:800]}\n(screenshot: {path})")


def test_welcome_failing_cells_show_red_errors_with_their_line(welcome, welcome_run, shots):
    check_failing_cells(welcome, shots)


# --- notebook 01: a graded notebook ------------------------------------------------------------------

@pytest.fixture(scope="module")
def graded(lab, browser, shots):
    lab.shut_down_kernels()  # the welcome kernel: one kernel at a time on 2 cores
    page = open_notebook(lab, browser, shots, GRADED, "graded")
    yield page
    page.close()


@pytest.fixture(scope="module")
def graded_run(graded, shots):
    return run_all(graded, shots, timeout=360)


def test_graded_opens_on_the_sdia_kernel(graded, shots):
    check_kernel_indicator(graded, shots)


def test_graded_run_all_numbers_every_cell(graded, graded_run, shots):
    check_run_all(graded, shots, graded_run)


def test_graded_tables_render_as_html(graded, graded_run, shots):
    marker = 'read_csv("data/penguins.csv")'
    source = next((s for s in graded.code_sources() if marker in s), "")
    head = re.search(r"\.head\(Some\((\d+)\)\)", source)
    header = (NOTEBOOKS / "data" / "penguins.csv").read_text().splitlines()[0].split(",")
    check_tables(graded, shots, [(marker, header, int(head[1]) if head else None)])


def test_graded_failing_cell_shows_a_red_error_with_its_line(graded, graded_run, shots):
    check_failing_cells(graded, shots)


DATAFRAME = "manchots"  # let manchots = read_csv(...)?; in notebook 01


def test_tab_after_a_dataframe_and_a_dot_offers_polars_methods(graded, graded_run, shots):
    assert any(f"let {DATAFRAME} = read_csv(" in s for s in graded.code_sources()), (
        f"notebook 01 no longer defines the DataFrame {DATAFRAME}: update this test")
    page = graded.page
    graded.append_code_cell()
    deadline = max(graded.opened_at + COMPLETION_DEADLINE, time.monotonic() + 10)
    completer = page.locator(".jp-Completer:not(.lm-mod-hidden)")
    seen, attempts = None, 0
    while True:
        attempts += 1
        graded.set_text(f"{DATAFRAME}.")
        page.keyboard.press("Tab")
        try:
            completer.wait_for(state="visible", timeout=5_000)
            items = completer.locator(".jp-Completer-item").evaluate_all("els => els.map(e => e.dataset.value)")
        except Exception:
            items = None
        if items is not None and POLARS_METHODS <= set(items):
            break
        line = page.locator(".jp-Notebook .jp-Cell").last.locator(".cm-content").inner_text()
        seen = (f"the completer offered {len(items)} items: {items[:20]}" if items is not None
                else f"no completer opened; the cell reads {line!r}")
        if items is not None:
            page.keyboard.press("Escape")
        if time.monotonic() > deadline:
            path = shots.take(page, "01-completion-failed")
            pytest.fail(f"Tab after `{DATAFRAME}.` did not offer {sorted(POLARS_METHODS)} within "
                        f"{COMPLETION_DEADLINE} s of the kernel's start ({attempts} tries); last time {seen} "
                        f"(screenshot: {path})")
        time.sleep(2)
    path = shots.take(page, "01-completion")
    print(f"completion after {time.monotonic() - graded.opened_at:.0f} s from the kernel's start, "
          f"{attempts} tries: {len(items)} items")
    page.keyboard.press("Escape")
    assert completer.count() == 0 or not completer.is_visible(), f"Escape did not close the completer ({path})"


def test_interrupt_stops_an_endless_loop_and_the_next_cell_runs(graded, graded_run, shots):
    page = graded.page
    cell = graded.append_code_cell()
    graded.set_text("loop {}")
    page.keyboard.press("Shift+Enter")  # runs it, opens a new cell below
    loop_prompt = cell.locator(".jp-InputPrompt")
    graded.wait_for("the `loop {}` cell running", lambda: loop_prompt.inner_text().strip() == "[*]:"
                    and graded.status() == "busy", 30, "01-loop-not-running")
    time.sleep(3)  # compiled and looping
    shots.take(page, "01-loop-running")
    assert graded.status() == "busy", "the `loop {}` cell stopped by itself"
    started = time.monotonic()
    page.locator('.jp-NotebookPanel-toolbar [data-jp-item-name="interrupt"] jp-button').click()  # ■
    graded.wait_for(
        f"■ stopping the `loop {{}}` cell within {INTERRUPT_WITHIN} s (kernel idle, cell numbered)",
        lambda: graded.status() == "idle" and re.fullmatch(r"\[\d+\]:", loop_prompt.inner_text().strip()),
        INTERRUPT_WITHIN, "01-interrupt-failed")
    stopped_in = time.monotonic() - started
    path = shots.take(page, "01-interrupted")
    report = "\n".join(cell.locator(".jp-OutputArea-output").all_inner_texts())
    print(f"■ stopped the loop in {stopped_in:.1f} s; the cell shows: {report[:300]!r}")

    cells = graded.notebook_locator.locator(".jp-Cell")
    after = cells.nth(cells.count() - 1)  # the cell Shift+Enter opened (by position: see append_code_cell)
    after.locator(".cm-content").click()
    graded.set_text("1 + 1")
    page.keyboard.press("Shift+Enter")
    output = after.locator(".jp-OutputArea-output")
    graded.wait_for("`1 + 1` after the interrupt answering",
                    lambda: graded.status() == "idle" and output.count() > 0
                    and re.fullmatch(r"\[\d+\]:", after.locator(".jp-InputPrompt").inner_text().strip()),
                    120, "01-after-interrupt-unanswered")
    path = shots.take(page, "01-after-interrupt")
    assert output.first.inner_text().strip() == "2", (
        f"`1 + 1` after the interrupt shows {output.all_inner_texts()!r} (screenshot: {path})")
    assert after.locator(STDERR).count() == 0, f"`1 + 1` shows an error (screenshot: {path})"
