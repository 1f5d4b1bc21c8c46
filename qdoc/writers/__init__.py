"""Writers: from parsed documents or the option model to other formats.

``rst_project`` turns a texinfo manual into a Sphinx project (``qdoc convert``).
"""
