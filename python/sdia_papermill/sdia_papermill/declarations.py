"""The declarations of a Rust parameters cell: ``let name: Type = value; // help``.

The cell is scanned once, the way rustc's lexer would see it (strings, raw strings, char literals,
lifetimes, line and block comments), and cut into statements at the ``;`` outside brackets. Each
``let`` statement with a plain name is a declaration; its help is the comment that ends its line,
or else the comment lines just above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .rust_types import RustType, literal_type, parse_type

_CHAR = re.compile(r"'(\\u\{[0-9a-fA-F]{1,6}\}|\\x[0-9a-fA-F]{2}|\\.|[^\\'\n])'")
_RAW_STRING = re.compile(r'b?r(#*)"')
_LET = re.compile(r"let\s+(?P<mut>mut\s+)?(?P<name>[A-Za-z_]\w*)\s*")


@dataclass(frozen=True)
class Declaration:
    """One ``let`` of the parameters cell."""

    name: str
    mutable: bool
    type_text: str | None
    value_text: str
    help: str
    rust_type: RustType | None  # the declared type, else the type of a plain literal

    @property
    def shown_type(self) -> str:
        """The type for ``--help-notebook``: as declared, or what Rust gives the literal."""
        if self.type_text:
            return self.type_text
        return self.rust_type.text if self.rust_type else "None"


@dataclass
class _Statement:
    code: str
    start: int  # index in the source of its first code character
    end: int  # index of its `;`


def _scan(source: str):
    """Statements (code without comments) and comments (index, text) of a cell's source."""
    statements, comments = [], []
    code, start, depth, i = [], None, 0, 0
    n = len(source)

    def keep(text: str, at: int) -> None:
        nonlocal start
        if start is None and text.strip():
            start = at
        code.append(text)

    while i < n:
        c = source[i]
        if source.startswith("//", i):
            end = source.find("\n", i)
            end = n if end < 0 else end
            comments.append((i, source[i + 2:end].lstrip("/!").strip()))
            i = end
            continue
        if source.startswith("/*", i):
            level, j = 1, i + 2
            while j < n and level:
                if source.startswith("/*", j):
                    level, j = level + 1, j + 2
                elif source.startswith("*/", j):
                    level, j = level - 1, j + 2
                else:
                    j += 1
            keep(" ", i)
            i = j
            continue
        previous = source[i - 1] if i else " "
        raw = _RAW_STRING.match(source, i) if c in "br" and not (previous.isalnum() or
                                                                  previous == "_") else None
        if raw:
            closing = '"' + raw.group(1)
            end = source.find(closing, raw.end())
            end = n if end < 0 else end + len(closing)
            keep(source[i:end], i)
            i = end
            continue
        if c == '"' or (c == "b" and source.startswith('b"', i)):
            j = i + (2 if c == "b" else 1)
            while j < n and source[j] != '"':
                j += 2 if source[j] == "\\" else 1
            keep(source[i:j + 1], i)
            i = j + 1
            continue
        if c == "'":
            char = _CHAR.match(source, i)
            if char:
                keep(char.group(0), i)
                i = char.end()
                continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(depth - 1, 0)
        elif c == ";" and depth == 0:
            if start is not None:
                statements.append(_Statement("".join(code), start, i))
            code, start = [], None
            i += 1
            continue
        keep(c, i)
        i += 1
    return statements, comments


def _split_type_and_value(rest: str) -> tuple[str | None, str] | None:
    """Splits `: Type = value` (or `= value`) at the `=` outside the type's brackets."""
    if rest.startswith("="):
        return None, rest[1:]
    if not rest.startswith(":"):
        return None
    depth = 0
    for index in range(1, len(rest)):
        c = rest[index]
        if c in "<([":
            depth += 1
        elif c in ")]" or (c == ">" and rest[index - 1] != "-"):
            depth -= 1
        elif c == "=" and depth == 0:
            return rest[1:index], rest[index + 1:]
    return None


def _line_of(source: str, index: int) -> int:
    return source.count("\n", 0, index)


def parse_declarations(source: str) -> list[Declaration]:
    """The ``let`` declarations of a parameters cell, in order (see the module's docs)."""
    statements, comments = _scan(source)
    lines = source.split("\n")
    comment_at_line = {_line_of(source, index): (index, text) for index, text in comments}
    declarations = []
    for position, statement in enumerate(statements):
        text = statement.code.strip()
        match = _LET.match(text)
        if not match:
            continue
        split = _split_type_and_value(text[match.end():])
        if split is None:
            continue
        type_text, value_text = split
        type_text = " ".join(type_text.split()) if type_text is not None else None
        value_text = " ".join(value_text.split())
        if not value_text:
            continue
        help_text = ""
        end_line = _line_of(source, statement.end)
        trailing = comment_at_line.get(end_line)
        next_start = statements[position + 1].start if position + 1 < len(statements) else None
        if trailing and trailing[0] > statement.end and (next_start is None or
                                                          next_start > trailing[0]):
            help_text = trailing[1]
        else:
            above = []
            line = _line_of(source, statement.start) - 1
            while line >= 0 and lines[line].strip().startswith("//"):
                above.insert(0, lines[line].strip().lstrip("/!").strip())
                line -= 1
            help_text = " ".join(part for part in above if part)
        if type_text:
            rust_type = parse_type(type_text)
        else:
            rust_type = literal_type(value_text)
        declarations.append(Declaration(match.group("name"), bool(match.group("mut")), type_text,
                                        value_text, help_text, rust_type))
    return declarations
