"""The rule registry: one small function per check, its docstring its documentation.

A check is registered with :func:`rule`; its code (``QD101``), slug
(``def-undocumented``), family and default severity are declared there, and
its docstring's first line is the one-line summary ``qdoc rules`` lists, the
rest what ``qdoc rules CODE`` explains, with a real finding of the rule on
QEMU's documentation from :mod:`qdoc.lint.examples` (a new rule adds one
there).  Checks receive one release's
sources and the whole project (for checks across releases) and yield
:class:`~qdoc.lint.findings.Finding` objects built with :meth:`Rule.finding`.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable, Iterable

from ..model import Location
from .examples import EXAMPLES, NO_CORPUS_INSTANCE, Example
from .findings import Finding, severity_rank

FAMILIES = {
    "0": "input",
    "1": "missing",
    "2": "deprecated",
    "3": "contradictory",
    "4": "markup",
    "5": "convention",
}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    check: Callable[..., Iterable[Finding]]

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[2], "other")

    @property
    def summary(self) -> str:
        return (inspect.getdoc(self.check) or "").split("\n", 1)[0]

    @property
    def explanation(self) -> str:
        return inspect.getdoc(self.check) or ""

    @property
    def example(self) -> Example | None:
        """A real finding of this rule on the corpus, or None (then :attr:`no_example` says why)."""
        return EXAMPLES.get(self.code)

    @property
    def fix(self) -> str:
        """``none``, ``safe`` (``--fix`` makes it) or ``unsafe`` (``--unsafe-fixes`` too): the rule's fix (:mod:`qdoc.lint.fixes`)."""
        from .fixes import applicability

        return applicability(self.code)

    @property
    def no_example(self) -> str | None:
        """Why the corpus holds no finding of this rule, when it holds none."""
        return NO_CORPUS_INSTANCE.get(self.code)

    def finding(self, message: str, location: Location | None, severity: str | None = None, **data: str | None) -> Finding:
        """A finding of this rule, at the rule's severity or a lower one given.

        Never a higher one: lint does not run rules whose severity is below
        the one asked for (``--severity``), so a finding above its rule's
        would go unreported.  ``data`` are the finding's ``subject``,
        ``text`` and ``reader_code`` (see :class:`~qdoc.lint.findings.Finding`).
        """
        if severity is not None and severity_rank(severity) > severity_rank(self.severity):
            raise ValueError(f"{self.code} reports at most {self.severity}, not {severity}")
        return Finding(self.code, self.name, message, location, severity or self.severity, **data)


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: str = "warning"):
    """Register the decorated function as check ``code``."""

    def register(function):
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        RULES[code] = Rule(code, name, severity, function)
        function.rule = RULES[code]
        return function

    return register


def matches(rule_: Rule, patterns: Iterable[str]) -> bool:
    """Whether one of ``patterns`` (a code prefix such as ``QD1``, or a slug) names ``rule_``.

    The one reading of ``--select``/``--ignore`` values: :func:`selected`
    picks rules with it, and the configuration rejects values it matches
    with no rule.
    """
    return any(rule_.code.startswith(p) or rule_.name == p for p in patterns)


def selected(select: Iterable[str] | None, ignore: Iterable[str] | None) -> list[Rule]:
    """Rules chosen by ruff-style prefixes: ``--select QD1 --ignore QD105``."""
    select = list(select or ["QD"])
    ignore = list(ignore or [])
    return [r for r in RULES.values() if matches(r, select) and not matches(r, ignore)]
