"""papermill's translator for Rust: parameters become typed ``let``s.

papermill calls :meth:`RustTranslator.codify` with the parameters only, not the notebook. The
declared types come from the parameters cell of the notebook being parameterised, which
:func:`_notebook_being_parameterized` finds as the ``nb`` argument of papermill's
``parameterize_notebook`` up the call stack (papermill 2.6 and 2.7 call the translator from
there). Without it (``translate_parameters`` called directly) every value gets the type of its
value, as for a parameter that the cell does not declare.
"""

from __future__ import annotations

import inspect as _inspect
import re

from papermill.models import Parameter
from papermill.translators import Translator

from .declarations import Declaration, parse_declarations
from .literals import rust_value
from .rust_types import RustParameterError, infer_type

# Strict and reserved keywords of Rust 2021 (a parameter cannot be named like one).
KEYWORDS = set(
    "as break const continue crate else enum extern false fn for if impl in let loop match mod "
    "move mut pub ref return self Self static struct super trait true type unsafe use where "
    "while async await dyn abstract become box do final macro override priv typeof unsized "
    "virtual yield try gen".split()
)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _parameters_cell(nb):
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return cell
    return None


def _notebook_being_parameterized():
    frame = _inspect.currentframe()
    try:
        while frame is not None:
            if frame.f_code.co_name == "parameterize_notebook":
                nb = frame.f_locals.get("nb")
                if isinstance(nb, dict) and "cells" in nb:
                    return nb
            frame = frame.f_back
    finally:
        del frame
    return None


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def check_name(name) -> None:
    """Refuses a parameter name that cannot be a Rust variable."""
    if not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
        raise RustParameterError(
            f"parameter name {name!r} is not a Rust identifier: use letters, digits and _ "
            "(not starting with a digit), e.g. nombre_de_lignes"
        )
    if name in KEYWORDS or name == "_":
        raise RustParameterError(
            f"parameter name `{name}` is a Rust keyword and cannot name a variable; rename it "
            f"(e.g. {name}_) in the notebook and on papermill's command line"
        )


def typed_let(name: str, value, declaration: Declaration | None) -> str:
    """The ``let`` that gives parameter ``name`` its value, with the declared type if any."""
    check_name(name)
    declared = declaration.rust_type if declaration is not None else None
    if declared is None:
        rust_type = infer_type(value, name)
    else:
        rust_type = declared
    where = f"parameter `{name}`"
    code = rust_value(rust_type, value, where)
    mut = "mut " if declaration is not None and declaration.mutable else ""
    return f"let {mut}{name}: {rust_type.text} = {code};"


class RustTranslator(Translator):
    """Translates papermill parameters to Rust for the sdia kernel."""

    @classmethod
    def translate(cls, val):
        return rust_value(infer_type(val, "value"), val, "the value")

    @classmethod
    def translate_str(cls, val):
        return cls.translate(val)

    @classmethod
    def translate_none(cls, val):
        return "None"

    @classmethod
    def translate_int(cls, val):
        return cls.translate(val)

    @classmethod
    def translate_float(cls, val):
        return cls.translate(val)

    @classmethod
    def translate_bool(cls, val):
        return "true" if val else "false"

    @classmethod
    def translate_list(cls, val):
        return cls.translate(val)

    @classmethod
    def translate_dict(cls, val):
        return cls.translate(val)

    @classmethod
    def comment(cls, cmt_str):
        return f"// {cmt_str}".strip()

    @classmethod
    def assign(cls, name, str_val):
        check_name(name)
        return f"let {name} = {str_val};"

    @classmethod
    def codify(cls, parameters, comment="Parameters"):
        nb = _notebook_being_parameterized()
        cell = _parameters_cell(nb) if nb is not None else None
        declarations = {}
        if cell is not None:
            for declaration in parse_declarations(_source(cell)):
                declarations[declaration.name] = declaration  # the last one wins, as in Rust
        lines = [cls.comment(comment)]
        for name, value in parameters.items():
            lines.append(typed_let(name, value, declarations.get(name)))
        return "\n".join(lines) + "\n"

    @classmethod
    def inspect(cls, parameters_cell):
        return [
            Parameter(
                name=d.name,
                inferred_type_name=d.shown_type,
                default=d.value_text,
                help=d.help,
            )
            for d in parse_declarations(_source(parameters_cell))
        ]


def _register_when_imported_first() -> None:
    from .plugin import register

    register()


_register_when_imported_first()
