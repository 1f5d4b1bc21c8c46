# A small Sphinx project for qdoc.sphinx tests: two pages render one .hx file.
project = "qdoc test"
extensions = ["qdoc.sphinx"]
hxtool_srctree = "."
man_pages = [("manpage", "demo", "Demo options", [], 1)]
