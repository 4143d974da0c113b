"""Rust expressions for papermill values, shaped by the parameter's Rust type.

Every function raises :class:`~sdia_papermill.rust_types.RustParameterError` with the parameter's
name, the value and the way out when a value does not fit its type: nothing half-valid reaches the
kernel.
"""

from __future__ import annotations

import datetime
import math

from .rust_types import FLOATS, INTEGERS, RustParameterError, RustType, describe

_F32_MAX = 3.4028234663852886e38
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0"}


def _escape(text: str, quote: str, where: str) -> str:
    out = []
    for char in text:
        if "\ud800" <= char <= "\udfff":
            raise RustParameterError(
                f"{where} contains a lone surrogate (U+{ord(char):04X}), which is not valid text "
                "in Rust; fix the encoding of the value"
            )
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char == quote:
            out.append("\\" + quote)
        elif char != " " and not char.isprintable():
            out.append(f"\\u{{{ord(char):x}}}")
        else:
            out.append(char)
    return "".join(out)


def string_literal(text: str, where: str = "the value") -> str:
    """A Rust string literal (``"…"``) whose value is exactly ``text``."""
    return '"' + _escape(text, '"', where) + '"'


def _float(value, rust_type: RustType, where: str) -> str:
    name = rust_type.name
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RustParameterError(f"{where} is declared {name} but got {describe(value)}; "
                                 "pass a number")
    if isinstance(value, int):
        as_float = float(value) if abs(value) < 2**1024 else math.inf
        if name == "f64" and as_float != value:
            raise RustParameterError(f"{where} = {value} cannot be held exactly by an f64; "
                                     "declare it as an integer type (i64, u64, i128)")
        value = as_float
    if math.isnan(value):
        return f"{name}::NAN"
    if math.isinf(value):
        return f"{name}::INFINITY" if value > 0 else f"{name}::NEG_INFINITY"
    if name == "f32" and abs(value) > _F32_MAX:
        raise RustParameterError(f"{where} = {value!r} is beyond the range of an f32; declare "
                                 "it as f64")
    text = repr(value)
    return text if any(c in text for c in ".e") else text + ".0"


def _int(value, rust_type: RustType, where: str) -> str:
    name = rust_type.name
    if isinstance(value, float) and value.is_integer():
        hint = f" (papermill read {value!r} as a number with a decimal point; write it without)"
    else:
        hint = ""
    if isinstance(value, bool) or not isinstance(value, int):
        raise RustParameterError(f"{where} is declared {name} but got {describe(value)}; pass "
                                 f"a whole number{hint}")
    low, high = INTEGERS[name]
    if not low <= value <= high:
        raise RustParameterError(f"{where} = {value} is outside the range of {name} ({low} to "
                                 f"{high}); pass a value in range or declare a wider type")
    return str(value)


def _text(value, rust_type: RustType, where: str) -> str:
    if type(value) is datetime.date:
        value = value.isoformat()
    if not isinstance(value, str):
        raise RustParameterError(
            f"{where} is declared {rust_type.text} but papermill read the value as "
            f"{describe(value)}; pass it as text with papermill's -r option (-r NAME VALUE) or "
            "quote it in the YAML"
        )
    if rust_type.kind == "char":
        if len(value) != 1:
            raise RustParameterError(f"{where} is declared char but got {describe(value)}; pass "
                                     "exactly one character")
        return "'" + _escape(value, "'", where) + "'"
    literal = string_literal(value, where)
    return literal if rust_type.kind == "str" else f"{literal}.to_string()"


def _sequence(value, rust_type: RustType, where: str) -> str:
    if not isinstance(value, (list, tuple)):
        raise RustParameterError(f"{where} is declared {rust_type.text} but got "
                                 f"{describe(value)}; pass a list with papermill's -y option, e.g. "
                                 "-y 'NAME: [1, 2, 3]'")
    if rust_type.kind == "array" and len(value) != rust_type.length:
        raise RustParameterError(f"{where} is declared {rust_type.text} ({rust_type.length} "
                                 f"items) but got a list of {len(value)}; pass "
                                 f"{rust_type.length} items or declare a Vec")
    element = rust_type.args[0]
    items = ", ".join(rust_value(element, item, f"item {index} of {where}")
                      for index, item in enumerate(value))
    opening = {"Vec": "vec![", "array": "[", "slice": "&["}[rust_type.kind]
    return f"{opening}{items}]"


def _mapping(value, rust_type: RustType, where: str) -> str:
    if not isinstance(value, dict):
        raise RustParameterError(f"{where} is declared {rust_type.text} but got "
                                 f"{describe(value)}; pass a mapping with papermill's -y option, "
                                 "e.g. -y 'NAME: {a: 1, b: 2}'")
    if not value:
        return "Default::default()"
    key_type, value_type = rust_type.args
    pairs = ", ".join(
        f"({rust_value(key_type, key, f'key {key!r} of {where}')}, "
        f"{rust_value(value_type, item, f'value {key!r} of {where}')})"
        for key, item in value.items()
    )
    return f"[{pairs}].into_iter().collect()"


def rust_value(rust_type: RustType, value, where: str) -> str:
    """A Rust expression of type ``rust_type`` holding ``value``; ``where`` names it in errors."""
    kind = rust_type.kind
    if kind == "Option":
        return "None" if value is None else f"Some({rust_value(rust_type.args[0], value, where)})"
    if value is None:
        raise RustParameterError(
            f"{where} is declared {rust_type.text or '?'} but got None; declare it as an Option "
            "(e.g. `Option<f64>`) to accept None, or pass a value"
        )
    if kind == "bool":
        if value in ("true", "false"):  # `-p flag true` (papermill itself reads True/False)
            value = value == "true"
        if not isinstance(value, bool):
            raise RustParameterError(f"{where} is declared bool but got {describe(value)}; pass "
                                     "true or false")
        return "true" if value else "false"
    if kind == "int":
        return _int(value, rust_type, where)
    if kind == "float" and rust_type.name in FLOATS:
        return _float(value, rust_type, where)
    if kind in ("String", "str", "char"):
        return _text(value, rust_type, where)
    if kind in ("Vec", "array", "slice"):
        return _sequence(value, rust_type, where)
    if kind == "map":
        return _mapping(value, rust_type, where)
    raise RustParameterError(
        f"{where} is declared `{rust_type.text}`, a type papermill values cannot fill; declare "
        "it with one of: integers (i32, i64, usize…), f64, f32, bool, char, String, &str, "
        "Option<T>, Vec<T>, [T; N], &[T], HashMap<K, V>, BTreeMap<K, V> — and convert it to "
        f"`{rust_type.text}` in a later cell"
    )
