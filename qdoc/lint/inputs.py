"""QD000: input that could not be read, as a finding, so that a CI annotation shows it.

Without ``--keep-going`` an input error stops ``qdoc lint`` (exit 2, no
report).  With it, lint goes on with what it could read, and each error is
printed on stderr; it is a finding too, at the error's line, in every
output format (text, JSON, SARIF, GitHub annotations), so a CI that reads
only the report still sees that part of the input was not linted.
"""

from __future__ import annotations

from .rules import rule


@rule("QD000", "input-error", "error")
def input_error(release, project):
    """An input could not be read, or not whole: what it holds is not linted (``--keep-going`` went past it).

    A file that cannot be read at all (not UTF-8, too large, a device, an
    ``@include`` or ``.so`` outside the source root or missing) is skipped
    and the rest of the input linted; a file read with an error (an
    unclosed block) is linted as far as it could be read.  Fix the input,
    or leave the path out of the run.
    """
    if release is not project.releases[0]:
        return  # one report per run, not one per release
    for error in project.input_errors:
        where = error.location.path if error.location else None
        consequence = "the file was not read: nothing in it is linted" if where in project.unread else "linted as far as it could be read"
        yield input_error.rule.finding(f"{error.message} [{error.code}]: {consequence}", error.location)
