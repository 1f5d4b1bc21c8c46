"""HMP commands: the ``.params`` of each command against its documented synopsis.

``hmp-commands.hx`` and ``hmp-commands-info.hx`` define each monitor
command by a C initialiser whose ``.params`` is what ``help CMD`` prints
(``"[-d] [-b] [-i] [-r] uri"``), and document it by an SRST term (a STEXI
``@item`` before 5.0) such as ````migrate [-d] [-b] [-i]`` *uri*``.  The two
are written by hand, side by side, and drift: a flag added to ``.params``
and not to the term (``-r`` of ``migrate``), a parameter the term makes
optional that the command requires.

Both sides are read as a list of parameters, each a name and whether it is
optional (inside ``[...]``); flags (``-f``) and alternatives (``on|off``)
are parameters too, and ``driver[,prop=value]`` is one.  The lists are
aligned in order, so that a parameter missing on one side is told apart
from one the other side names differently; two alternatives that share a
choice are one parameter offering different choices (``on|off|flush|set``
and ``on|off|flush``: the term lacks ``set``), and ``[-m|-n]`` is the same
as ``[-m] [-n]``.  Information only, as what the reader can still work out:
a renamed placeholder (``.params`` ``state``, the term ``val``); an
optional parameter the term leaves out but the text explains or another
term shows; a term with no parameters at all while ``.params`` has some
(many commands are documented by prose, ``block_resize`` "Resize a block
image", and "add the parameters to the term" is a style wish).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Iterator

from ...model import Option, OptionSet, all_synopses
from ..rules import rule
from ._walk import option_text

HMP_PROGRAMS = ("hmp", "hmp-info")

#: Characters that are the syntax around a parameter, not its name.
_DECORATION = "<>\"'*`"
_ELLIPSIS_RE = re.compile(r"\[?,?\.\.\.\]?|\.\.\.")
_SPACED_BAR_RE = re.compile(r"\s*\|\s*")
#: ``or p`` of ``or p/fmt expr``: the other spellings a term gives after the name, up to a space or ``/``.
_OR_ALIASES_RE = re.compile(r"^(?:or +[^ /]* *)+")


@dataclass(frozen=True)
class Parameter:
    """One parameter of a command's synopsis: its name as written and whether it is optional."""

    name: str
    optional: bool

    @property
    def choices(self) -> list[str]:
        """The alternatives of ``on|off|flush`` (one for a plain name)."""
        return self.key.split("|")

    @property
    def key(self) -> str:
        """The name compared across the two sides (case and decoration do not matter)."""
        return self.name.strip(_DECORATION).lower()


def command_parameters(synopsis: str, names: list[str]) -> list[Parameter]:
    """The parameters of ``synopsis`` (``"migrate [-d] uri"``) after the command's own name.

    ``names`` are the spellings of the command (``print`` and ``p``); the
    synopsis may start with ``info``, with the name, or with ``NAME or
    ALIAS``, and a format suffix may be glued to the name (``x/fmt addr``).
    """
    text = _SPACED_BAR_RE.sub("|", _ELLIPSIS_RE.sub(" ", synopsis.replace("\n", " "))).strip()
    text = _without_command(text, names)
    parameters: list[Parameter] = []
    depth = 0
    word = ""

    def flush() -> None:
        nonlocal word
        name = word.strip(_DECORATION)
        if parameters and (name.startswith(",") or "=" in name):
            # ``driver[,prop=value]``: the properties of one comma list, not parameters
            last = parameters[-1]
            parameters[-1] = Parameter(last.name + "," + name.strip(","), last.optional)
        elif name.strip(","):
            parameters.append(Parameter(name.strip(","), depth > 0))
        word = ""

    for character in text:
        if character == "[":
            flush()
            depth += 1
        elif character == "]":
            flush()
            depth = max(depth - 1, 0)
        elif character.isspace():
            flush()
        else:
            word += character
    flush()
    return parameters


def _without_command(text: str, names: list[str]) -> str:
    """``text`` without its leading ``info``, command name and ``or ALIAS`` spellings."""
    if text.startswith("info "):
        text = text[5:].lstrip()
    # A name is one word (``print``, ``p``), so at most one spelling is the text's first word.
    for name in names:
        if text == name or text.startswith(name + " ") or text.startswith(name + "/"):
            text = text[len(name):].lstrip()
            break
    return _OR_ALIASES_RE.sub("", text)


def repeats_name(params_synopsis: str, names: list[str]) -> str | None:
    """The command name when ``.params`` starts with it again (``help`` then prints it twice)."""
    rest = _without_command(params_synopsis, names)
    first = rest.partition(" ")[0]
    return first if first in names else None


def hmp_commands(release) -> Iterator[tuple[OptionSet, Option]]:
    """Every documented HMP command of a release that has a ``.params``, with its set."""
    for option_set in release.definitions:
        if option_set.program not in HMP_PROGRAMS:
            continue
        for option in option_set.options:
            if option.help_synopses and option.documented:  # documented: it has synopses
                yield option_set, option


def _names(option: Option) -> list[str]:
    return [option.name, *option.aliases]


def _listed(parameters: list[Parameter]) -> str:
    return ", ".join(f"`{p.name}`" for p in parameters)


def hmp_params_mismatch(release, project):
    """An HMP command's ``.params`` and its documented synopsis disagree.

    ``.params`` (what ``help CMD`` prints) and the SRST term (STEXI
    ``@item``) of the same command, parameter by parameter: one that
    ``.params`` has and the documentation lacks (``migrate``'s ``-r``), one
    the term has and ``.params`` lacks (``nmi`` *cpu*), one optional on one
    side and required on the other (``set_link`` ``[on|off]``).  A command
    documented by several terms (``dump-guest-memory``) is compared with
    the term closest to ``.params``.  Information only: a parameter named
    differently on the two sides, an optional one the term leaves out but
    the text explains (``-R`` of ``dump-guest-memory``), and a term with no
    parameters at all (prose documents many commands).  ``.params`` that
    repeat the command name (``"nbd_server_start [-a] [-w] host:port"``,
    so that ``help`` prints the name twice) are a warning of their own.
    """
    for option_set, option in hmp_commands(release):
        command = f"info {option.name}" if option_set.program == "hmp-info" else option.name
        names = _names(option)
        params_text = option.help_synopses[0]
        where_defined = option.locations.get("definition")
        repeated = repeats_name(params_text, names)
        if repeated:
            yield hmp_params_mismatch.rule.finding(
                f"HMP {command}: .params starts with the command name again, so `help {option.name}` "
                f"prints {repeated!r} twice: drop it from .params",
                where_defined,
            )
            params_text = _without_command(params_text, names)
        defined = command_parameters(params_text, names)
        forms = [(s, command_parameters(s.text, names)) for s in _command_synopses(option, names)]
        documented_anywhere = {p.key for _, form in forms for p in form}
        text = option_text(option)
        if not defined:
            extra = [p for _, form in forms for p in form]
            if extra:
                yield hmp_params_mismatch.rule.finding(
                    f"HMP {command}: the documentation gives {_listed(extra)}, .params none: "
                    f"add {_them(extra)} to .params or drop {_them(extra)} from the documentation",
                    forms[0][0].location or where_defined,
                )
            continue
        if not any(form for _, form in forms):
            yield hmp_params_mismatch.rule.finding(
                f"HMP {command}: the documentation names no parameters; .params has {_listed(defined)}",
                option.synopses[0].location,
                severity="info",
            )
            continue
        synopsis, closest = max(forms, key=lambda f: _similarity(defined, f[1]))
        yield from _compare(command, defined, closest, len(forms) > 1, documented_anywhere, text,
                            synopsis.location or where_defined)


def _command_synopses(option: Option, names: list[str]):
    """The documented synopses that show the command itself (not those of its flags' sub-items)."""
    own = list(option.synopses)
    for synopsis in all_synopses(option):
        if synopsis in own:
            continue
        text = synopsis.text.removeprefix("info ")  # a synopsis has its whitespace collapsed
        if any(text == n or text.startswith(n + " ") or text.startswith(n + "/") for n in names):
            own.append(synopsis)
    return own


def _similarity(a: list[Parameter], b: list[Parameter]) -> float:
    return difflib.SequenceMatcher(a=[p.key for p in a], b=[p.key for p in b]).ratio()


def _them(parameters: list[Parameter]) -> str:
    return "them" if len(parameters) > 1 else "it"


def _mentioned(name: str, text: str) -> bool:
    """Whether prose names a parameter (``-R``, *begin*) as a word of its own."""
    return re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text) is not None


def _compare(command: str, defined: list[Parameter], documented: list[Parameter], several: bool,
             documented_anywhere: set[str], text: str, where):
    """Findings for one command whose two sides both give parameters."""
    defined, documented = _expanded(defined, documented), _expanded(documented, defined)
    matcher = difflib.SequenceMatcher(a=[p.key for p in defined], b=_alignment_keys(documented, defined))
    missing, explained, extra = [], [], []
    renamed: list[tuple[Parameter, Parameter]] = []
    choices: list[tuple[Parameter, Parameter]] = []
    optionality: list[Parameter] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        ours, theirs = defined[i1:i2], documented[j1:j2]
        if tag == "equal" or (tag == "replace" and len(ours) == len(theirs)):
            for a, b in zip(ours, theirs):
                if a.key != b.key:
                    (choices if len(a.choices) > 1 and len(b.choices) > 1 else renamed).append((a, b))
                if a.optional != b.optional and not several and (a.key == b.key or (a, b) in choices):
                    optionality.append(a)
            continue
        for parameter in ours:
            if parameter.key in documented_anywhere or (parameter.optional and _mentioned(parameter.name, text)):
                explained.append(parameter)
            else:
                missing.append(parameter)
        extra.extend(theirs)
    warnings, notes = [], []
    if missing:
        warnings.append(f".params has {_listed(missing)}, the documentation does not: document "
                        f"{_them(missing)} (or drop {_them(missing)} from .params)")
    if extra:
        warnings.append(f"the documentation has {_listed(extra)}, .params does not: add {_them(extra)} "
                        f"to .params (or drop {_them(extra)} from the documentation)")
    warnings.extend(f".params offers `{a.name}`, the documentation `{b.name}`: {_choice_difference(a, b)}"
                    for a, b in choices)
    for parameter in optionality:
        ours, theirs = ("optional", "required") if parameter.optional else ("required", "optional")
        warnings.append(f"`{parameter.name}` is {ours} in .params but {theirs} in the documentation")
    if explained:
        notes.append(f".params has {_listed(explained)}, which the documentation covers in its text "
                     f"or another synopsis, not in this one")
    notes.extend(f".params calls a parameter `{a.name}`, the documentation `{b.name}`" for a, b in renamed)
    # One finding per command and severity: the term and .params are fixed together.
    if warnings:
        yield hmp_params_mismatch.rule.finding(f"HMP {command}: " + "; ".join(warnings), where)
    if notes:
        yield hmp_params_mismatch.rule.finding(f"HMP {command}: " + "; ".join(notes), where, severity="info")


def _alignment_keys(documented: list[Parameter], defined: list[Parameter]) -> list[str]:
    """The keys the documented parameters are aligned by.

    An alternation that shares a choice with one of ``.params``
    (``on|off|flush`` and ``on|off|flush|set``; ``off`` and ``on|off``) is
    the same parameter offering other choices: it takes that one's key.
    """
    keys = []
    for parameter in documented:
        for candidate in defined:
            if candidate.key != parameter.key and "|" in candidate.key and set(parameter.choices) & set(candidate.choices):
                keys.append(candidate.key)
                break
        else:
            keys.append(parameter.key)
    return keys


def _choice_difference(ours: Parameter, theirs: Parameter) -> str:
    lacking = [c for c in ours.choices if c not in theirs.choices]
    surplus = [c for c in theirs.choices if c not in ours.choices]
    said = []
    if lacking:
        said.append(f"the documentation lacks {', '.join(f'`{c}`' for c in lacking)}")
    if surplus:
        said.append(f".params lacks {', '.join(f'`{c}`' for c in surplus)}")
    return " and ".join(said)


def _expanded(parameters: list[Parameter], other: list[Parameter]) -> list[Parameter]:
    """``[-m|-n]`` as ``[-m] [-n]`` when the other side lists each alternative on its own.

    Two spellings of the same flags: "one of" and "any of" differ, but
    neither side is missing anything.
    """
    keys = {p.key for p in other}
    result = []
    for parameter in parameters:
        choices = parameter.name.split("|")
        if "|" in parameter.name and all(c.lower() in keys for c in choices):
            result.extend(Parameter(c, parameter.optional) for c in choices)
        else:
            result.append(parameter)
    return result


# Registered by a call, not a decorator: mutmut (benchmarks/mutation.py) leaves decorated
# functions alone, and the checks' own bodies are what the mutation run must measure.
rule("QD310", "hmp-params-mismatch")(hmp_params_mismatch)
