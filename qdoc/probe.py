"""Asking a QEMU binary itself: ``-help`` and QMP ``query-command-line-options``.

The documentation says what options exist; the binary knows.  :func:`probe`
runs ``BINARY -help``, then starts the binary with no guest (``-machine none
-nodefaults -display none -S``) and a QMP monitor on one end of a socket
pair, and asks ``query-command-line-options`` and ``query-version`` through
the ``qemu.qmp`` library.  Every step has a time limit; a binary that hangs
is killed (its whole process group) and reported, as is one that exits with
an error or is not QEMU.

The outputs go through the same readers as saved files
(:mod:`qdoc.readers.binary.help`, :mod:`qdoc.readers.binary.qmp`), joined by
:func:`model_from_outputs`: probing a binary and reading its saved
``help.txt`` and ``query-command-line-options.json`` give the same model.
The reply is rendered as QEMU's tests save it (``json.dumps(indent=2)``) so
that line numbers agree too.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
from dataclasses import dataclass

from .model import Diagnostic, Location, OptionSet
from .source import ToolError
from .readers.binary.help import read_help
from .readers.binary.qmp import read_qmp

#: Seconds each step (``-help``, the QMP session) may take.
DEFAULT_TIMEOUT = 20.0

GUESTLESS_ARGS = ("-machine", "none", "-nodefaults", "-display", "none", "-S")


class ProbeError(ToolError):
    """The binary could not be probed; the message says why, for the user."""


@dataclass
class ProbeOutput:
    """What the binary said, as text in the formats of the saved files."""

    binary: str
    help_text: str
    options_reply: str
    version: dict


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the process and its children (it leads its own process group)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()


def _stderr_summary(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return f": {lines[0][:200]}" if lines else ""


def run_help(binary: str, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The output of ``BINARY -help``."""
    try:
        process = subprocess.Popen(
            [binary, "-help"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise ProbeError(f"cannot run {binary}: {exc.strerror or exc}") from exc
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise ProbeError(f"{binary} -help did not finish within {timeout:g} s; killed") from None
    finally:
        _kill_group(process)
    if process.returncode != 0:
        raise ProbeError(f"{binary} -help exited with status {process.returncode}{_stderr_summary(err.decode(errors='replace'))}")
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProbeError(f"{binary} -help printed bytes that are not UTF-8 (offset {exc.start})") from None


async def _qmp_session(binary: str, process_box: list) -> tuple[list, dict]:
    from qemu.qmp import ExecInterruptedError, QMPClient  # imported here: only probing needs it

    ours, theirs = socket.socketpair()
    try:
        process = subprocess.Popen(
            [binary, *GUESTLESS_ARGS, "-chardev", f"socket,id=qdoc,fd={theirs.fileno()}", "-mon", "chardev=qdoc,mode=control"],
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        ours.close()
        raise ProbeError(f"cannot run {binary}: {exc.strerror or exc}") from exc
    finally:
        theirs.close()
    process_box.append(process)
    client = QMPClient("qdoc-probe")
    try:
        await client.connect(ours)
        reply = await client.execute("query-command-line-options")
        version = await client.execute("query-version")
        try:
            await client.execute("quit")
        except (ExecInterruptedError, EOFError):
            pass  # QEMU closed the socket as it quit, before its reply arrived
    finally:
        try:
            await client.disconnect()
        except EOFError:
            pass  # after "quit" QEMU closes the socket: the end we asked for
        ours.close()
    return reply, version


def query_binary(binary: str, timeout: float = DEFAULT_TIMEOUT) -> tuple[list, dict]:
    """The replies to ``query-command-line-options`` and ``query-version``."""
    import asyncio  # 70 ms of imports that only a probe needs

    from qemu.qmp import QMPError

    process_box: list[subprocess.Popen] = []
    try:
        return asyncio.run(asyncio.wait_for(_qmp_session(binary, process_box), timeout))
    except (asyncio.TimeoutError, TimeoutError):
        raise ProbeError(f"{binary}: no QMP answer within {timeout:g} s; killed") from None
    except (QMPError, OSError, EOFError) as exc:
        detail = ""
        if process_box:
            process = process_box[0]
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
            if process.poll() is not None:
                detail = f" (it exited with status {process.returncode}{_stderr_summary(process.stderr.read().decode(errors='replace'))})"
        raise ProbeError(f"{binary}: QMP session failed: {exc}{detail}") from None
    finally:
        for process in process_box:
            _kill_group(process)
            process.stderr.close()


def run_binary(binary: str, timeout: float = DEFAULT_TIMEOUT) -> ProbeOutput:
    """Everything :func:`probe` asks the binary, as text."""
    help_text = run_help(binary, timeout)
    reply, version = query_binary(binary, timeout)
    return ProbeOutput(binary, help_text, json.dumps({"return": reply}, indent=2), version)


def model_from_outputs(help_text: str, help_path: str, options_reply: str, options_path: str) -> OptionSet:
    """One model from ``-help`` and ``query-command-line-options``.

    The options are those of ``-help``; each QMP group's typed parameters
    become the sub-options of its option.  A group whose option ``-help``
    does not list is kept as an option of its own and reported.
    """
    model = read_help(help_text, help_path)
    groups = read_qmp(options_reply, options_path)
    model.diagnostics.extend(groups.diagnostics)
    for group in groups.options:
        option = model.option(group.name)
        if option is None:
            model.options.append(group)
            model.diagnostics.append(
                Diagnostic("warning", "probe-group-without-option", f"QMP lists option group {group.name} that -help does not", group.locations.get("qmp"))
            )
            continue
        option.suboptions.extend(group.suboptions)
        option.locations["qmp"] = group.locations["qmp"]
    return model


def probe(binary: str, timeout: float = DEFAULT_TIMEOUT) -> OptionSet:
    """The option model a QEMU system emulator binary reports about itself."""
    output = run_binary(binary, timeout)
    model = model_from_outputs(output.help_text, f"{binary} -help", output.options_reply, f"{binary} query-command-line-options")
    qemu = output.version.get("qemu", {})
    if all(k in qemu for k in ("major", "minor", "micro")):
        model.release = f"{qemu['major']}.{qemu['minor']}.{qemu['micro']}"
    if not model.options and not model.errors:
        model.diagnostics.append(Diagnostic("error", "probe-no-options", "the binary reported no options", Location(binary, 0)))
    return model
