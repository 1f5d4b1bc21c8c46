"""qdoc: a documentation converter and linter for QEMU's command-line options.

Readers (:mod:`qdoc.readers`) turn .hx files, texinfo, Sphinx HTML, man
pages, rST and the binary's ``-help`` into one option model
(:mod:`qdoc.model`); checks, diffs, writers and the Sphinx extension work on
that model.
"""

__version__ = "0.1.0"
