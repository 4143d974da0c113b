"""The sdia kernel through jupyter_kernel_test (PyPI), with jupyter_client as the client.

Every sample attribute the package offers is filled, so each of its tests runs for real.
"""

import unittest

import jupyter_kernel_test

# Tab, Shift-Tab and the typing of `let` patterns need the kernel's analysis (see conftest.py).
USES_ANALYSIS = True


class SdiaKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "sdia"
    language_name = "rust"
    file_extension = ".rs"

    code_hello_world = 'println!("hello, world");'
    code_stderr = 'eprintln!("attention");'

    completion_samples = [
        {"text": "let ma_valeur = 1;\nma_val", "matches": {"ma_valeur"}},
        {"text": "std::collections::Hash"},
    ]
    complete_code_samples = ["1 + 1", "let x = 3;", "fn f() -> i32 { 1 }", "let s = \"{\";"]
    incomplete_code_samples = ["fn f() {", 'let s = "abc', "let v = vec![1, 2,"]
    invalid_code_samples = ["let x = (1];", "}", "let = ;"]

    code_page_something = "Vec::new?"
    code_generate_error = 'panic!("boum");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"abc".len()', "result": "3"},
        {"code": 'df!("a" => [1, 2]).unwrap()', "mime": "text/html"},
    ]
    code_display_data = [
        {"code": 'display_html("<b>gras</b>");', "mime": "text/html"},
        {
            "code": 'Chart::new("t").line("l", &[0.0, 1.0], &[0.0, 1.0]).show();',
            "mime": "image/svg+xml",
        },
    ]
    code_history_pattern = "6 ?*"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Vec::new"
    code_clear_output = "clear_output(false);"


if __name__ == "__main__":
    unittest.main()
