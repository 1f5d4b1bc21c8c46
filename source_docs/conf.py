# Sphinx configuration of the example documentation: `qdoc build` builds it
# (HTML and man page) with qdoc's own extension, the way QEMU's docs would.
project = "Example emulator"
copyright = "the qdoc authors"
extensions = ["qdoc.sphinx"]
hxtool_srctree = "."
# Lint findings become Sphinx warnings (type "qdoc"); -qtest is deliberately
# undocumented, as in QEMU.
suppress_warnings = ["qdoc.QD101", "qdoc.hx-undocumented-def"]
man_pages = [("manpage", "example-emu", "Example emulator options", [], 1)]
exclude_patterns = ["README.md"]
