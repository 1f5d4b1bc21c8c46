"""qdoc's Sphinx extension uses only Sphinx's supported API (no deprecation warnings).

A deprecated attribute works until the Sphinx release that removes it,
then the extension breaks for everyone on that release: ``env.app``, for
one, warns ``RemovedInSphinx11Warning`` under Sphinx 9.
"""

from __future__ import annotations

import os
import warnings

import qdoc
from conftest import QEMU
from qdoc.cli import main

QDOC_DIR = os.path.dirname(os.path.abspath(qdoc.__file__))


def test_a_man_page_build_with_lint_warns_of_no_deprecated_sphinx_api(tmp_path, capsys):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert main(["man", str(QEMU / "10.2.0" / "qemu-options.hx"), "--lint", "-o", str(tmp_path / "man")]) in (0, 1)
    ours = [f"{os.path.relpath(w.filename, QDOC_DIR)}:{w.lineno}: {w.category.__name__}: {w.message}"
            for w in caught
            if issubclass(w.category, (DeprecationWarning, PendingDeprecationWarning))
            and os.path.abspath(w.filename).startswith(QDOC_DIR + os.sep)]
    assert ours == []
