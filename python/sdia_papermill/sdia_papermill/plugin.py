"""The hook papermill loads: registers the Rust translator, and an engine named ``sdia``.

papermill 2.6/2.7 have no entry point group for translators; they load the ``papermill.engine``
group when ``papermill.engines`` is imported, which every papermill command and
``import papermill`` do. This module is that group's ``sdia`` entry: importing it registers
:class:`~sdia_papermill.translator.RustTranslator` for the kernel name ``sdia`` and the language
``rust``. :class:`SdiaEngine` is papermill's own nbclient engine under another name, so
``--engine sdia`` behaves like the default engine.

The engine is defined before anything from papermill is imported, and registration copes with a
half-imported translator module, so papermill, this module and the translator module can be
imported in any order.
"""


class SdiaEngine:
    """papermill's default (nbclient) engine, registered as ``sdia``."""

    @staticmethod
    def _engine():
        from papermill.engines import NBClientEngine

        return NBClientEngine

    @classmethod
    def execute_notebook(cls, nb, kernel_name, **kwargs):
        return cls._engine().execute_notebook(nb, kernel_name, **kwargs)

    @classmethod
    def nb_kernel_name(cls, nb, name=None):
        return cls._engine().nb_kernel_name(nb, name)

    @classmethod
    def nb_language(cls, nb, language=None):
        return cls._engine().nb_language(nb, language)


KERNEL_NAME = "sdia"
LANGUAGE = "rust"


def register() -> None:
    """Registers the Rust translator with papermill (done once, when this module is imported)."""
    from papermill.translators import papermill_translators

    from . import translator

    # When translator.py is imported first, papermill's plugin loading lands here while that
    # module is still half-initialised; it calls register() itself once its class exists.
    rust_translator = getattr(translator, "RustTranslator", None)
    if rust_translator is not None:
        papermill_translators.register(KERNEL_NAME, rust_translator)
        papermill_translators.register(LANGUAGE, rust_translator)


register()
