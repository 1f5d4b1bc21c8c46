"""Reader for the QMP reply to ``query-command-line-options``: option groups and typed parameters.

The binary answers with one entry per ``QemuOptsList`` it registered::

    {"return": [{"option": "drive", "parameters": [
        {"name": "cache.direct", "type": "boolean", "help": "...", "default": "off"}, ...]}]}

Each group becomes an :class:`~qdoc.model.Option` named after the option that
fills it (``boot-opts`` is ``-boot``, ``smp-opts`` ``-smp``, ``memory``
``-m``, ``acpi`` ``-acpitable``; the others are spelled as the option) and
each parameter a sub-option of kind ``property`` with its ``value_type``,
help and default.  A group with no parameters accepts free-form properties
(``-device``, ``-object``): it is kept, with no sub-options.  A group with an
empty name (QEMU's stub list for an option the target lacks, such as
``-semihosting-config`` on x86) names no option and is reported.

The whole reply (``{"return": [...]}``) or its bare list is accepted.
"""

from __future__ import annotations

import json

from ..._gc import collector_paused
from ...model import Diagnostic, Location, Option, OptionSet, Source, SubOption, canonical_option_name
from .qmp_json import loads_with_lines

FORMAT = "qmp"

#: QemuOptsList names that differ from the option that fills them (softmmu/vl.c).
GROUP_OPTIONS = {"boot-opts": "-boot", "smp-opts": "-smp", "memory": "-m", "acpi": "-acpitable"}


# How sure qdoc is that a text is this format lives in qdoc.readers.sniff (telling a format
# imports no reader); kept here under the reader's name for callers that have the module.
from ..sniff import qmp as sniff  # noqa: E402,F401


def option_for_group(group: str) -> str:
    """The command-line option a QMP option group belongs to."""
    return GROUP_OPTIONS.get(group) or canonical_option_name("-" + group)


@collector_paused
def read_qmp(text: str, path: str, *, release: str | None = None, program: str | None = None) -> OptionSet:
    """Read a ``query-command-line-options`` reply into an option set."""
    option_set = OptionSet(program=program or "qemu-system", source=Source(format=FORMAT, path=path), release=release)

    def report(severity: str, code: str, message: str, line: int) -> None:
        option_set.diagnostics.append(Diagnostic(severity, code, message, Location(path, line)))

    try:
        reply = loads_with_lines(text)
    except json.JSONDecodeError as exc:
        option_set.diagnostics.append(
            Diagnostic("error", "qmp-json", f"not valid JSON: {exc.msg}", Location(path, exc.lineno, exc.colno))
        )
        return option_set
    groups = reply.get("return") if isinstance(reply, dict) else reply
    if isinstance(reply, dict) and "error" in reply:
        error = reply["error"]
        message = error.get("desc", error) if isinstance(error, dict) else error
        report("error", "qmp-error-reply", f"QMP replied with an error: {message}", getattr(reply, "line", 1))
        return option_set
    if not isinstance(groups, list):
        report("error", "qmp-not-command-line-options", "not a query-command-line-options reply (no list of option groups)", 1)
        return option_set
    by_name: dict[str, Option] = {}
    for group in groups:
        line = getattr(group, "line", 1)
        if not isinstance(group, dict) or not isinstance(group.get("option"), str) or not isinstance(group.get("parameters"), list):
            report("error", "qmp-group", "an option group without 'option' and 'parameters'", line)
            continue
        parameters = group["parameters"]
        if not group["option"]:
            report(
                "info", "qmp-unnamed-group",
                f"an option group with no name ({len(parameters)} parameters): a stub list of an option this binary lacks",
                line,
            )
            continue
        name = option_for_group(group["option"])
        if name in by_name:
            report("warning", "qmp-duplicate-group", f"group {group['option']!r} is listed twice", line)
            continue
        option = Option(name=name)
        option.locations["qmp"] = Location(path, line)
        for parameter in parameters:
            suboption = _suboption(parameter, path, report)
            if suboption is not None:
                option.suboptions.append(suboption)
        by_name[name] = option
        option_set.options.append(option)
    return option_set


def _suboption(parameter, path: str, report) -> SubOption | None:
    line = getattr(parameter, "line", 1)
    if not isinstance(parameter, dict) or not isinstance(parameter.get("name"), str):
        report("warning", "qmp-parameter", "a parameter without a name", line)
        return None
    default = parameter.get("default")
    return SubOption(
        name=parameter["name"],
        kind="property",
        synopses=[],
        description=str(parameter.get("help", "")),
        location=Location(path, line),
        default=None if default is None else str(default),
        value_type=parameter.get("type") if isinstance(parameter.get("type"), str) else None,
    )
