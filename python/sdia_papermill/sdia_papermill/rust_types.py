"""Rust types of parameters: read from a declaration, or chosen from a papermill value.

A type is a small tree (:class:`RustType`) that :mod:`sdia_papermill.literals` knows how to fill.
Types it does not understand are kept as ``kind == "other"`` with their text, so a declaration
such as ``let p: PathBuf = …;`` still shows in ``--help-notebook``; giving such a parameter a
value is refused with an error saying which types can be filled.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

INTEGERS = {
    "i8": (-(2**7), 2**7 - 1),
    "i16": (-(2**15), 2**15 - 1),
    "i32": (-(2**31), 2**31 - 1),
    "i64": (-(2**63), 2**63 - 1),
    "i128": (-(2**127), 2**127 - 1),
    "isize": (-(2**63), 2**63 - 1),
    "u8": (0, 2**8 - 1),
    "u16": (0, 2**16 - 1),
    "u32": (0, 2**32 - 1),
    "u64": (0, 2**64 - 1),
    "u128": (0, 2**128 - 1),
    "usize": (0, 2**64 - 1),
}
FLOATS = ("f32", "f64")
MAPS = ("HashMap", "BTreeMap")


class RustParameterError(ValueError):
    """A papermill parameter cannot become a Rust value (the message says why and what to do)."""


@dataclass(frozen=True)
class RustType:
    """A parameter's Rust type.

    ``kind`` is one of ``int``, ``float``, ``bool``, ``String``, ``str`` (``&str``), ``char``,
    ``Option``, ``Vec``, ``array`` (``[T; N]``), ``slice`` (``&[T]``), ``map`` (``HashMap`` or
    ``BTreeMap``) or ``other``; ``name`` is the scalar or map name (``i64``, ``BTreeMap``…);
    ``args`` the element types; ``length`` the length of an array; ``text`` the type as written.
    """

    kind: str
    text: str
    name: str = ""
    args: tuple = ()
    length: int | None = None


# ---------------------------------------------------------------------------------------------
# Types as written in a declaration
# ---------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(::|'[A-Za-z_]\w*|[A-Za-z_]\w*|\d+|[<>\[\];,&()])")


def _tokens(text: str) -> list[str] | None:
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            return None
        tokens.append(match.group(1))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[str]):
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise ValueError(f"expected {expected or 'a type'}, found {token or 'the end'}")
        self.pos += 1
        return token

    def skip_balanced(self, open_: str, close: str) -> None:
        depth = 0
        while True:
            token = self.take()
            depth += token == open_
            depth -= token == close
            if depth == 0:
                return

    def type_(self) -> tuple:
        """A type as (kind, text, ...): the text is the type's own tokens, spaced as rustfmt."""
        first = self.pos
        tree = self._type()
        return (tree[0], _join(self.tokens[first:self.pos])) + tree[1:]

    def _type(self) -> tuple:
        token = self.peek()
        if token == "&":
            self.take()
            if self.peek() and self.peek().startswith("'"):
                self.take()
            if self.peek() == "mut":
                self.take()
                self.type_()
                return ("other",)
            if self.peek() == "[":
                self.take()
                element = self.type_()
                self.take("]")
                return ("slice", element)
            inner = self.type_()
            return ("str",) if inner[0] == "path" and inner[2:] == ("str", ()) else ("other",)
        if token == "[":
            self.take()
            element = self.type_()
            self.take(";")
            length = self.take()
            if not length.isdigit():
                raise ValueError("array length must be a number")
            self.take("]")
            return ("array", element, int(length))
        if token == "(":
            self.skip_balanced("(", ")")
            return ("other",)
        segments = [self.take()]
        while self.peek() == "::":
            self.take()
            segments.append(self.take())
        args = []
        if self.peek() == "<":
            self.take()
            args.append(self.type_())
            while self.peek() == ",":
                self.take()
                if self.peek() == ">":
                    break
                args.append(self.type_())
            self.take(">")
        if not re.fullmatch(r"[A-Za-z_]\w*", segments[-1]):
            raise ValueError(f"not a type name: {segments[-1]}")
        return ("path", segments[-1], tuple(args))


def _join(tokens: list[str]) -> str:
    out = ""
    for token in tokens:
        wordy = token[0].isalnum() or token[0] in "_'"
        if out and (wordy and (out[-1].isalnum() or out[-1] == "_") or out[-1] in ",;"):
            out += " "
        out += token
    return out


def _from_tree(tree: tuple, text: str | None = None) -> RustType:
    kind, own_text = tree[0], tree[1]
    text = own_text if text is None else text
    if kind == "str":
        return RustType("str", text)
    if kind == "slice":
        return RustType("slice", text, args=(_from_tree(tree[2]),))
    if kind == "array":
        return RustType("array", text, args=(_from_tree(tree[2]),), length=tree[3])
    if kind == "path":
        _, _, name, args = tree
        inner = tuple(_from_tree(arg) for arg in args)
        if not args:
            if name in INTEGERS:
                return RustType("int", text, name)
            if name in FLOATS:
                return RustType("float", text, name)
            if name in ("bool", "String", "char"):
                return RustType(name, text, name)
        if name == "Option" and len(args) == 1:
            return RustType("Option", text, name, inner)
        if name == "Vec" and len(args) == 1:
            return RustType("Vec", text, name, inner)
        if name in MAPS and len(args) == 2:
            return RustType("map", text, name, inner)
    return RustType("other", text)


def parse_type(text: str) -> RustType:
    """Reads a type as written after ``let name:`` (``Vec<f64>``, ``&str``, ``[u8; 4]``…)."""
    text = " ".join(text.split())
    tokens = _tokens(text)
    if tokens:
        parser = _Parser(tokens)
        try:
            tree = parser.type_()
            if parser.peek() is None:
                return _from_tree(tree, text)
        except ValueError:
            pass
    return RustType("other", text)


# ---------------------------------------------------------------------------------------------
# Types chosen from a value (a parameter the cell does not declare, or declares without a type)
# ---------------------------------------------------------------------------------------------

I64 = RustType("int", "i64", "i64")
F64 = RustType("float", "f64", "f64")
BOOL = RustType("bool", "bool", "bool")
STRING = RustType("String", "String", "String")
_NONE = RustType("none", "")  # a None whose Option<T> is not known yet
_EMPTY = RustType("empty", "")  # an empty list whose element type is not known yet


def _vec(element: RustType) -> RustType:
    return RustType("Vec", f"Vec<{element.text}>", "Vec", (element,))


def _option(inner: RustType) -> RustType:
    return RustType("Option", f"Option<{inner.text}>", "Option", (inner,))


def _map(value: RustType) -> RustType:
    return RustType(
        "map", f"std::collections::HashMap<String, {value.text}>", "HashMap", (STRING, value)
    )


def describe(value) -> str:
    """A short description of a papermill value for error messages."""
    kind = {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a mapping",
        type(None): "None",
    }.get(type(value), type(value).__name__)
    shown = repr(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return kind if value is None else f"{kind} ({shown})"


def _unify(a: RustType, b: RustType, where: str) -> RustType:
    if a == b:
        return a
    if a.kind == "none" or b.kind == "none":
        other = b if a.kind == "none" else a
        return other if other.kind == "Option" else _option(other)
    if a.kind == "Option" or b.kind == "Option":
        inner_a = a.args[0] if a.kind == "Option" else a
        inner_b = b.args[0] if b.kind == "Option" else b
        return _option(_unify(inner_a, inner_b, where))
    if {a.kind, b.kind} == {"int", "float"}:
        return F64
    if a.kind == "empty" and b.kind == "Vec" or b.kind == "empty" and a.kind == "Vec":
        return a if a.kind == "Vec" else b
    if a.kind == b.kind == "Vec":
        return _vec(_unify(a.args[0], b.args[0], where))
    if a.kind == b.kind == "map":
        return _map(_unify(a.args[1], b.args[1], where))
    raise RustParameterError(
        f"{where} mixes {a.text or a.kind} and {b.text or b.kind} values: a Rust Vec or HashMap "
        "holds values of one type; pass values of one type, or declare the parameter in the "
        "parameters cell with the type you want"
    )


def _infer(value, name: str) -> RustType:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        low, high = INTEGERS["i64"]
        if not low <= value <= high:
            raise RustParameterError(
                f"parameter `{name}` = {value} does not fit an i64; declare it in the parameters "
                f"cell with a wider type, e.g. `let {name}: i128 = 0;` or `let {name}: u64 = 0;`"
            )
        return I64
    if isinstance(value, float):
        return F64
    if isinstance(value, str) or type(value) is datetime.date:
        return STRING
    if value is None:
        return _NONE
    if isinstance(value, list):
        if not value:
            return _EMPTY
        element = _infer(value[0], name)
        for index, item in enumerate(value[1:], start=1):
            element = _unify(element, _infer(item, name), f"the list `{name}` (item {index}: "
                             f"{describe(item)})")
        return _vec(element)
    if isinstance(value, dict):
        value_type = _NONE if not value else None
        for key, item in value.items():
            if not isinstance(key, str):
                raise RustParameterError(
                    f"the mapping `{name}` has the key {key!r}, which is not a string; declare it "
                    f"in the parameters cell with its key type, e.g. `let {name}: HashMap<i64, "
                    "f64> = HashMap::new();`"
                )
            item_type = _infer(item, name)
            value_type = item_type if value_type is None else _unify(
                value_type, item_type, f"the mapping `{name}` (key {key!r}: {describe(item)})")
        if value_type.kind in ("none", "empty"):
            raise RustParameterError(
                f"the type of the values of `{name}` cannot be told from {describe(value)}; "
                f"declare it in the parameters cell, e.g. `let {name}: HashMap<String, f64> = "
                "HashMap::new();`"
            )
        return _map(value_type)
    raise RustParameterError(
        f"parameter `{name}` is {describe(value)}, which has no Rust equivalent here; pass it as "
        f"text (papermill's -r {name} VALUE) and convert it in the notebook"
    )


def infer_type(value, name: str) -> RustType:
    """The Rust type given to a value whose parameter has no declared type.

    Integers become ``i64``, floats ``f64``, strings ``String``, lists ``Vec<T>`` (one element
    type; integers mixed with floats become ``f64``; ``None`` items make ``Option<T>``), mappings
    with string keys ``std::collections::HashMap<String, T>``. ``None`` alone and empty lists
    have no type of their own: they raise :class:`RustParameterError` asking for a declaration.
    """
    rust_type = _infer(value, name)

    def unknown(t: RustType) -> bool:
        return t.kind in ("none", "empty") or any(unknown(arg) for arg in t.args)

    if unknown(rust_type):
        example = "Option<f64> = None" if value is None else "Vec<f64> = vec![]"
        raise RustParameterError(
            f"parameter `{name}` is {describe(value)}, whose Rust type cannot be told from the "
            f"value; declare it in the parameters cell, e.g. `let {name}: {example};`"
        )
    return rust_type


# ---------------------------------------------------------------------------------------------
# Types of a declaration without annotation, read from its literal (`let n = 7;` is an i32)
# ---------------------------------------------------------------------------------------------

_INT_LITERAL = re.compile(r"-?(0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*)"
                          r"(?P<suffix>i8|i16|i32|i64|i128|isize|u8|u16|u32|u64|u128|usize)?")
_FLOAT_LITERAL = re.compile(r"-?[0-9][0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?(?P<suffix>f32|f64)?")
_STRING_LITERAL = r'(r#*"[^\n]*"#*|"(?:[^"\\]|\\.)*")'


def literal_type(value_text: str) -> RustType | None:
    """The type Rust gives an unannotated literal, or None when it is not a plain literal."""
    text = value_text.strip()
    match = _INT_LITERAL.fullmatch(text)
    if match:
        name = match.group("suffix") or "i32"
        return RustType("int", name, name)
    match = _FLOAT_LITERAL.fullmatch(text)
    if match and (match.group(1) or match.group(2) or match.group("suffix")):
        name = match.group("suffix") or "f64"
        return RustType("float", name, name)
    if re.fullmatch(r"f(32|64)::(NAN|INFINITY|NEG_INFINITY|MAX|MIN|EPSILON)", text):
        return RustType("float", text[:3], text[:3])
    if text in ("true", "false"):
        return BOOL
    if re.fullmatch(_STRING_LITERAL, text, re.S):
        return RustType("str", "&str")
    if re.fullmatch(rf"({_STRING_LITERAL}\s*\.\s*(to_string|to_owned)\s*\(\s*\)"
                    rf"|String\s*::\s*from\s*\(\s*{_STRING_LITERAL}\s*\)|String\s*::\s*new\s*\(\s*\))",
                    text, re.S):
        return STRING
    match = re.fullmatch(r"vec!\s*\[(.*)\]", text, re.S)
    if match and match.group(1).strip():
        first = match.group(1).split(",")[0]
        element = literal_type(first)
        if element is not None:
            return _vec(element)
    match = re.fullmatch(r"Some\s*\((.*)\)", text, re.S)
    if match:
        inner = literal_type(match.group(1))
        if inner is not None:
            return _option(inner)
    return None
