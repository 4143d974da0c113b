"""How failed cells read, through the real kernel: an error returned with `?` is shown once, as the
error, with its cell line; rustc's suggestions appear as the corrected line; impl lists keep to std's
types; columns point into the line as the student wrote it."""

import re

import pytest
from jupyter_client.manager import start_new_kernel


@pytest.fixture(scope="module")
def kernel():
    km, kc = start_new_kernel(kernel_name="sdia", startup_timeout=180)
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run(kc, code):
    """The reply's content and the stream texts of the cell."""
    streams = []

    def hook(msg):
        if msg["msg_type"] == "stream":
            streams.append(msg["content"]["text"])

    reply = kc.execute_interactive(code, timeout=300, output_hook=hook, stop_on_error=False)
    return reply["content"], "".join(streams)


def plain(traceback):
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(traceback))


def test_an_error_returned_with_question_mark_is_shown_once_with_its_line(kernel):
    code = 'let premier: i32 = "1".parse()?;\nlet second: i32 = "deux".parse()?;\npremier + second'
    reply, streams = run(kernel, code)
    assert reply["status"] == "error"
    assert reply["evalue"] == "invalid digit found in string"
    text = plain(reply["traceback"])
    assert "cell line 2" in text and 'let second: i32 = "deux".parse()?;' in text, text
    # Not also printed on standard error before the error (it used to be shown twice).
    assert "invalid digit" not in streams, streams


def test_question_mark_inside_a_function_still_returns_from_that_function(kernel):
    reply, _ = run(kernel, 'fn lire(t: &str) -> Option<i32> { let n: i32 = t.parse().ok()?; Some(n * 2) }')
    assert reply["status"] == "ok", reply
    reply, _ = run(kernel, 'lire("x").unwrap_or(-1) + lire("4").unwrap_or(-1)')
    assert reply["status"] == "ok", reply


def test_question_mark_on_a_value_that_is_neither_result_nor_option_gets_rustcs_error(kernel):
    reply, _ = run(kernel, "let w = vec![1, 2];\nlet z = w.clone()?;")
    assert reply["status"] == "error"
    text = plain(reply["traceback"])
    assert "`?` operator" in text and "__sdia" not in text, text


def test_a_suggestion_is_the_corrected_line_not_a_bare_fragment(kernel):
    reply, _ = run(kernel, 'let nom = String::from("a");\nnom.push_str("b");')
    assert reply["ename"] == "CompileError[E0596]"
    text = plain(reply["traceback"])
    assert 'let mut nom = String::from("a");' in text, text
    assert not any(line.strip() == "mut" for line in text.splitlines()), text


def test_impl_lists_name_std_types_not_every_linked_crate(kernel):
    reply, _ = run(kernel, "let x: f64 = 1.5;\nlet y = x + 1;")
    assert reply["ename"] == "CompileError[E0277]"
    text = plain(reply["traceback"])
    assert "let y = x + 1.0;" in text, text
    for foreign in ("num_complex", "ArrayBase", "Complex<"):
        assert foreign not in text, text


def test_columns_after_a_question_mark_point_into_the_line_as_written(kernel):
    line = 'let un: i32 = "1".parse()?; let mot: String = un;'
    reply, _ = run(kernel, line)
    assert reply["ename"] == "CompileError[E0308]"
    text = plain(reply["traceback"])
    expected = line.index("= un;") + 3  # 1-based column of `un`
    assert f"cell line 1, column {expected}" in text, text
    caret = next(l for l in text.splitlines() if "^^" in l and "expected `String`" in l)
    assert caret.index("^") - caret.index("|") - 2 == expected - 1, text
