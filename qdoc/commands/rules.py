"""``qdoc rules [CODE]``: the checks qdoc lint runs, what each one means, and a real finding of each."""

from __future__ import annotations

import argparse
import sys

from ..lint.engine import FAMILY_MODULES
from ..lint.rules import RULES, Rule
from . import EXIT_ERROR, EXIT_OK

#: Where the examples' paths are relative to, as the README's tour runs them.
CORPUS = "../shared/corpus"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "rules",
        help="list the lint rules, or explain one",
        description=(
            "List qdoc lint's rules (code, name, family, default severity, summary, and where the rule "
            "fires in QEMU's documentation), or explain one with a real finding."
        ),
        epilog="examples:\n  qdoc rules\n  qdoc rules QD101\n  qdoc rules texinfo-leak\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("code", nargs="?", metavar="CODE", help="a rule code (QD101) or name (def-undocumented)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    assert FAMILY_MODULES
    if args.code:
        rule = RULES.get(args.code.upper()) or next((r for r in RULES.values() if r.name == args.code), None)
        if rule is None:
            import difflib

            close = difflib.get_close_matches(args.code.upper(), sorted(RULES), n=1) or difflib.get_close_matches(
                args.code, sorted(r.name for r in RULES.values()), n=1
            )
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            print(f"qdoc: no rule {args.code!r}{hint} (see qdoc rules)", file=sys.stderr)
            return EXIT_ERROR
        print(f"{rule.code} {rule.name} ({rule.family}, default severity {rule.severity}, fix: {rule.fix})\n")
        print(rule.explanation)
        print()
        print(_example(rule))
        return EXIT_OK
    for rule in sorted(RULES.values(), key=lambda r: r.code):
        print(f"{rule.code}  {rule.name:30} {rule.family:14} {rule.severity:8} fix:{rule.fix:7} {rule.summary}")
        example = rule.example
        print(f"{'':7}e.g. {example.path}:{example.line}" if example else f"{'':7}(no instance in the corpus)")
    return EXIT_OK


def _example(rule: Rule) -> str:
    """The rule's real finding: the command, the source line, and what lint says of it."""
    example = rule.example
    if example is None:
        return f"Example: none in QEMU's documentation ({rule.no_example or 'no finding in the corpus'})."
    return "\n".join(
        [
            f"Example, from QEMU's documentation (run in {CORPUS}):",
            f"  $ qdoc lint {' '.join(example.lint)}",
            f"  {example.path}:{example.line}: {example.text}",
            f"  -> {rule.code} {example.finding}",
        ]
    )
