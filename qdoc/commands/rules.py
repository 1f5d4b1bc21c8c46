"""``qdoc rules [CODE]``: the checks qdoc lint runs, and what each one means."""

from __future__ import annotations

import argparse
import sys

from ..lint.engine import FAMILY_MODULES
from ..lint.rules import RULES
from . import EXIT_ERROR, EXIT_OK


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "rules",
        help="list the lint rules, or explain one",
        description="List qdoc lint's rules (code, name, family, default severity, summary), or explain one.",
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
            print(f"qdoc: no rule {args.code!r} (see qdoc rules)", file=sys.stderr)
            return EXIT_ERROR
        print(f"{rule.code} {rule.name} ({rule.family}, default severity {rule.severity})\n")
        print(rule.explanation)
        return EXIT_OK
    for rule in sorted(RULES.values(), key=lambda r: r.code):
        print(f"{rule.code}  {rule.name:30} {rule.family:14} {rule.severity:8} {rule.summary}")
    return EXIT_OK
