"""papermill parameters for Rust notebooks run with the sdia kernel.

Importing :mod:`sdia_papermill.plugin` (papermill does it through its ``papermill.engine`` entry
point group) registers :class:`sdia_papermill.translator.RustTranslator` for the kernel ``sdia``
and the language ``rust``.
"""

__version__ = "0.1.0"
