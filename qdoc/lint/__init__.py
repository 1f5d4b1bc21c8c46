"""qdoc's linter: checks on the option model that a docs CI can act on.

``qdoc lint PATH...`` reads any mix of sources (.hx, HTML, man pages,
deprecation lists, the binary's -help), groups them by release, and runs
one small function per check (:mod:`qdoc.lint.checks`).  Each check has a
code (``QD101``), a slug and a docstring that is its documentation;
``qdoc rules`` lists them.  Families: QD0 input, QD1 missing, QD2 deprecated,
QD3 contradictory, QD4 markup.
"""

from .engine import lint_option_set, run
from .findings import Finding
from ..project import Project, ReleaseSources, SourceFile, collect
from .rules import RULES, Rule

__all__ = ["Finding", "Project", "RULES", "ReleaseSources", "Rule", "SourceFile", "collect", "lint_option_set", "run"]
