"""Where docutils was when rST nested too deeply for it: a location for a ``RecursionError``.

docutils parses every nested block (a block quote, a list item's body, a
directive's content) with a new state machine, called from the one around
it: a few Python frames per level, so some 150 levels of blocks inside
each other exhaust Python's stack and docutils raises ``RecursionError``.
That is the input's fault, and it must be reported at the input's line
like any other error, not as a bare "nested too deeply" for the whole run.

The line is found in the exception's own traceback: the innermost docutils
state machine that had its lines holds the source and line of the block it
was parsing (its ``input_lines`` keep the original file and offset, also
for text a Sphinx directive passed on from an .hx file).
"""

from __future__ import annotations

from docutils.statemachine import StateMachine

#: The code of the diagnostic, for the plain reader and for Sphinx builds alike.
CODE = "rst-too-deep"

MESSAGE = (
    "rST blocks nested too deeply to parse (block quotes, lists or directives inside each other, "
    "about 150 levels); the text from here on is not read"
)


def deepest_block(exc: RecursionError) -> tuple[str | None, int]:
    """The source and 1-based line of the innermost block docutils was parsing when ``exc`` was raised.

    ``(None, 0)`` when no docutils state machine is on the traceback (the
    recursion was somewhere else).
    """
    where: tuple[str | None, int] = (None, 0)
    traceback = exc.__traceback__
    while traceback is not None:
        machine = traceback.tb_frame.f_locals.get("self")
        if isinstance(machine, StateMachine) and machine.input_lines:
            source, offset = machine.input_lines.info(0)
            if offset is not None:
                where = (source, offset + 1)
        traceback = traceback.tb_next
    return where
