"""Conventions: how QEMU's deprecation and removal lists write their entries.

A heading that breaks the list's convention (no ``(since X.Y)``, ``Since``
capitalised, a version outside parentheses, an entry underlined as an
area) is not a problem in reading the
input (QD001) but in its content, and gets its own code so that it can be
selected, ignored or given another severity apart from reader problems.

QEMU's own conventions are respected: a *rolling* entry, whose version is a
substitution QEMU's ``conf.py`` fills in at build time (``all machine types
with version |VER_MACHINE_DEPRECATION_VERSION|, or older``), states no
version in its heading on purpose, as it moves with every release.
"""

from __future__ import annotations

from ...prose import version_substitution
from ..rules import rule

_CONVENTION_CODE = "rst-heading-convention"
#: An entry underlined as an area (``-runas`` under ``----`` in 9.2's list): a heading style too.
_ENTRY_LEVEL_CODE = "rst-entry-level"
CODES = frozenset({_CONVENTION_CODE, _ENTRY_LEVEL_CODE})


def is_removal_since(diagnostic) -> bool:
    """The one heading problem QD305 reports: a removal entry that says ``since``."""
    return diagnostic.code == _CONVENTION_CODE and "states 'since'" in diagnostic.message


def rolling_version(record) -> str | None:
    """The substitution a rolling entry's version is (``|VER_...|``), or None for an ordinary entry."""
    if record is None or record.since or record.removed_in:
        return None
    return version_substitution(record.text)


def heading_convention(release, project):
    """An entry heading of deprecated.rst or removed-features.rst breaks the list's convention.

    Each entry states its version in its heading, in parentheses:
    ``-soundhw (since 5.1)``, ``-soundhw (removed in 7.1)``, underlined as
    the list's entries are.  A heading with no version, ``Since``
    capitalised, a version outside parentheses, or an entry underlined as an
    area (``-runas`` in 9.2) is a finding at the heading.  A rolling entry,
    whose text gives its version as a substitution
    (``|VER_MACHINE_DEPRECATION_VERSION|``), is QEMU's convention for a
    policy that moves with each release: information, saying so.  A
    removal heading that says ``since`` is QD305.
    """
    for source in release.files:
        option_set = source.option_set
        problems = [d for d in option_set.diagnostics if d.code in CODES and not is_removal_since(d)]
        if not problems:
            continue
        records = {(r.location.path, r.location.line): r for r in option_set.deprecations + option_set.removals}
        for diagnostic in problems:
            where = diagnostic.location
            record = records.get((where.path, where.line)) if where else None
            rolling = rolling_version(record)
            if rolling:
                yield heading_convention.rule.finding(
                    f"entry {record.feature!r} states no version in its heading, on purpose: it is a rolling entry, "
                    f"its version is the substitution {rolling} that QEMU's build fills in",
                    where,
                    severity="info",
                )
            else:
                yield heading_convention.rule.finding(_advice(diagnostic.code, diagnostic.message, record, option_set), where)


def _advice(code: str, message: str, record, option_set) -> str:
    """The reader's complaint, said as which list's entry has what, and how its other entries write it."""
    removal = record is not None and any(r is record for r in option_set.removals)
    listed = "removed-features" if removal else "deprecation list"
    if code == _ENTRY_LEVEL_CODE:
        if record is None:
            return f"{message}; underline it as the list's other entries are"
        return (
            f"{listed} entry {record.feature!r} is underlined as an area (read as an entry of {record.area!r}): "
            "underline it as the list's other entries are"
        )
    form = "(removed in X.Y)" if removal else "(since X.Y)"
    problem = message.rsplit(": expected", 1)[0]  # the reader's advice ends it; the heading may say ": expected" too
    if record is not None:
        prefix = f"heading {record.feature!r} "
        problem = problem[len(prefix):] if problem.startswith(prefix) else problem
        return f"{listed} entry {record.feature!r} {problem}; the list's entries end their heading with {form!r}"
    return f"{problem}; the list's entries end their heading with {form!r}"


# Registered by a call, not a decorator: mutmut (benchmarks/mutation.py) leaves decorated
# functions alone, and the checks' own bodies are what the mutation run must measure.
rule("QD501", "heading-convention")(heading_convention)
