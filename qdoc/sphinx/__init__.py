"""``qdoc.sphinx``: QEMU's option documentation rendered from qdoc's model.

Add ``"qdoc.sphinx"`` to ``extensions`` in conf.py.  It provides the ``qemu``
domain (:mod:`.domain`; directives ``qemu:option``, ``qemu:suboption``,
``qemu:options``, ``qemu:deprecations``, ``qemu:option-diff``; the role
``:qemu:option:``; an option index), QEMU's own ``hxtool-doc`` directive
(:mod:`.hxtool`), lint findings as ``qdoc.CODE`` warnings (:mod:`.lint`),
and man pages with bold flags and italic placeholders (:mod:`.man`).

The extension is an adapter: readers and checks do the work; this package
turns the model into docutils nodes.
"""

from __future__ import annotations

from .. import __version__
from . import confine, hxtool
from . import nodes as qnodes
from .directives import QemuOption, QemuOptionsDirective, QemuSubOption
from .domain import QemuDomain, resolve_std_option
from .lint import flush_warnings, merge_warnings, settle_baseline
from .man import ManBoxTableTransform, ManSynopsisTransform, use_ascii_man_translator
from .man_inline import FlatInlineTransform
from .tables import QemuDeprecationsDirective, QemuOptionDiffDirective


def setup(app):
    app.add_domain(QemuDomain)
    app.add_directive_to_domain("qemu", "option", QemuOption)
    app.add_directive_to_domain("qemu", "suboption", QemuSubOption)
    app.add_directive_to_domain("qemu", "options", QemuOptionsDirective)
    app.add_directive_to_domain("qemu", "deprecations", QemuDeprecationsDirective)
    app.add_directive_to_domain("qemu", "option-diff", QemuOptionDiffDirective)
    hxtool.setup(app)  # hxtool-doc and hxtool_srctree, beside QEMU's hxtool if it is loaded too
    app.add_node(qnodes.synopsis_break, **qnodes.BREAK_VISITORS)
    app.add_node(qnodes.ragged, **qnodes.RAGGED_VISITORS)
    app.add_post_transform(ManSynopsisTransform)
    app.add_post_transform(ManBoxTableTransform)
    app.add_post_transform(FlatInlineTransform)  # before the man writer's quadratic flattening
    app.connect("missing-reference", resolve_std_option)
    app.connect("builder-inited", use_ascii_man_translator)
    confine.setup(app)  # include, literalinclude, csv-table, raw: inside qdoc_source_root only
    app.add_config_value("qdoc_lint", True, "env", types=(bool,))
    app.add_config_value("qdoc_select", [], "env", types=(list, tuple))
    app.add_config_value("qdoc_ignore", [], "env", types=(list, tuple))
    app.add_config_value("qdoc_binary", "", "env", types=(str,))
    app.add_config_value("qdoc_severity", "warning", "env", types=(str,))
    app.add_config_value("qdoc_baseline", "", "env", types=(str,))  # lint baseline file: see .lint
    app.connect("config-inited", settle_baseline)
    app.connect("env-merge-info", merge_warnings)  # -j N: each file's findings once, as in a serial build
    app.connect("env-updated", flush_warnings)
    return {"version": __version__, "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
