"""A real finding of every rule, from QEMU's own documentation: what ``qdoc rules`` shows.

Each example names the ``qdoc lint`` arguments that find it (paths relative
to the corpus folder, ``../shared/corpus`` beside the clone), the file and
line, the text at that line (a part of it for long lines), and the message
lint gives there.  ``tests/test_lint_conventions.py`` re-reads every file at
its line and re-runs every lint, so an example cannot drift from what qdoc
does: a rule whose message changes updates its example here.

A rule that finds nothing anywhere in the corpus is listed in
:data:`NO_CORPUS_INSTANCE`, with why; the test checks the corpus indeed
gives no finding of it.  A new rule adds its example here (or its reason
there) in the same change.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    """Where a rule fires on the corpus, and what it says there."""

    lint: tuple[str, ...]
    path: str
    line: int
    text: str
    finding: str


EXAMPLES: dict[str, Example] = {
    'QD001': Example(
        ('qemu/4.2.0',),
        'qemu/4.2.0/qemu-doc.texi', 2684,
        '@command{qemu-i386} [@option{-h]} [@option{-d]} [@option{-L} @var{path}] [@option{-s} @var{size}] [@',
        'unbalanced bracket inside @option{-d]}: the bracket probably belongs outside the braces [texinfo-bracket-in-braces]',
    ),
    'QD101': Example(
        ('qemu/7.2.0',),
        'qemu/7.2.0/qemu-options.hx', 162,
        'DEF("M", HAS_ARG, QEMU_OPTION_M,',
        'DEF -M has a help text but no documentation item names it: add an item for -M after its DEF',
    ),
    'QD103': Example(
        ('qemu/7.2.0', 'debian-7.2', '--release', '7.2.0'),
        'debian-7.2/binary/help.txt', 465,
        '-xen-domid-restrict     restrict set of available xen operations',
        'the -help of qemu-system-x86_64 lists -xen-domid-restrict; the documentation does not: add an item for -xen-domid-restrict to qemu-options.hx (the same defect as qemu/7.2.0/qemu-options.hx:4338)',
    ),
    'QD104': Example(
        ('qemu/7.2.0', 'debian-7.2', '--release', '7.2.0'),
        'qemu/7.2.0/qemu-options.hx', 2321,
        '``-g`` *width*\\ ``x``\\ *height*\\ ``[x``\\ *depth*\\ ``]``',
        'the documentation has -g for other targets only (m68k, ppc, sparc); qemu-system-x86_64 rightly lacks it',
    ),
    'QD105': Example(
        ('qemu/10.2.0',),
        'qemu/10.2.0/qemu-options.hx', 28,
        '"-machine [type=]name[,prop[=value][,...]]\\n"',
        '-help documents `suppress-vmdesc=` for -machine; the documentation does not: describe it in the item of -machine',
    ),
    'QD106': Example(
        ('qemu/10.2.0',),
        'qemu/10.2.0/qemu-options.hx', 1073,
        '``in|out.dev=device``',
        'the documentation describes `in.dev=` and `out.dev=` of -audiodev sndio; its -help text does not mention them',
    ),
    'QD107': Example(
        ('qemu/3.1.0', 'qemu/4.0.0', 'qemu/10.2.0'),
        'qemu/3.1.0/qemu-options.hx', 3638,
        'DEF("virtioconsole", HAS_ARG, QEMU_OPTION_virtiocon, \\',
        "-virtioconsole is defined in 3.1.0 and gone in 4.0.0, but no removed-features entry names it: add an entry '(removed in 4.0.0)'",
    ),
    'QD108': Example(
        ('qemu/10.2.0',),
        'qemu/10.2.0/qemu-options.hx', 2626,
        '``acl=on|off``',
        'removed-features (qemu/10.2.0/docs/about/removed-features.rst:252) says -vnc acl= was removed in 6.0, but qemu/10.2.0/qemu-options.hx still documents it: delete its documentation',
    ),
    'QD109': Example(
        ('qemu/6.2.0',),
        'qemu/6.2.0/hmp-commands.hx', 1732,
        '``calc_dirty_rate`` *second*',
        'the documentation of command calc_dirty_rate comes before its entry: move the block below the entry, where hxtool pairs them',
    ),
    'QD110': Example(
        ('qemu/7.2.0', 'debian-7.2', '--release', '7.2.0'),
        'qemu/7.2.0/qemu-options.hx', 1899,
        '``-iscsi``',
        '-iscsi: qemu-system-x86_64 accepts `password-secret=` (QMP query-command-line-options); the documentation does not name it: describe it in the item of -iscsi',
    ),
    'QD201': Example(
        ('qemu/2.12.0',),
        'qemu/2.12.0/qemu-options.hx', 109,
        'If @option{enforce-config-section} is set to @var{on}, force migration',
        '-machine enforce-config-section is said to be deprecated ("NOTE: this parameter is deprecated."); the deprecation list does not name it: add an entry to deprecated.rst, or drop the statement',
    ),
    'QD202': Example(
        ('qemu/7.2.0',),
        'qemu/7.2.0/qemu-options.hx', 3625,
        '``-chardev tty,id=id,path=path``',
        '-chardev tty is deprecated since 6.0 (deprecated.rst); its documentation does not say so: add a deprecation note to it',
    ),
    'QD203': Example(
        ('qemu/5.0.0',),
        'qemu/5.0.0/docs/system/deprecated.rst', 29,
        '``-no-kvm`` (since 1.3.0)',
        "-no-kvm deprecated since 1.3.0 is still present in 5.0.0, 8 releases later: QEMU's policy removes it after 2; remove it or say in the entry why it stays",
    ),
    'QD205': Example(
        ('qemu/6.2.0', 'qemu/7.0.0'),
        'qemu/7.0.0/qemu-options.hx', 2429,
        '``acl=on|off``',
        '-vnc acl= is documented in 7.0.0, but removed-features (6.2.0) says it was removed in 6.0: delete its documentation',
    ),
    'QD301': Example(
        ('qemu/10.2.0',),
        'qemu/10.2.0/qemu-options.hx', 2058,
        '``-iscsi``',
        "-help documents `header-digest=`, `id=`, `initiator-name=`, `password=`, `password-secret=`, `timeout=` and `user=` for -iscsi; the documentation does not: make the DEF's help text and the documentation agree",
    ),
    'QD305': Example(
        ('qemu/7.2.0',),
        'qemu/7.2.0/docs/about/removed-features.rst', 406,
        '``-watchdog`` (since 7.2)',
        "removed-features heading '``-watchdog`` (since 7.2)' says 'since'; an entry of that list states the release that removed it: write '(removed in X.Y)'",
    ),
    'QD310': Example(
        ('qemu/7.2.0',),
        'qemu/7.2.0/hmp-commands.hx', 611,
        '``sendkey`` *keys*',
        'HMP sendkey: .params has `hold_ms`, the documentation does not: document it (or drop it from .params)',
    ),
    'QD401': Example(
        ('qemu/7.2.0',),
        'qemu/7.2.0/qemu-options.hx', 167,
        '``sgx-epc.0.memdev=@var{memid},sgx-epc.0.node=@var{numaid}``',
        "texinfo markup '@var{memid}' in the SRST text: rST shows it as written; write 'memid' without the markup",
    ),
    'QD402': Example(
        ('qemu/10.2.0',),
        'qemu/10.2.0/qemu-options.hx', 2303,
        '"-spice [port=port][,tls-port=secured-port][,x509-dir=<dir>]\\n"',
        "the -help synopsis '-spice [port=port][,tls-port=secured-port][,x509-dir=<dir>][,x509-key-file=<file>][,x509-key-password=<file>][,x509-cert-file=<file>][,x509-cacert-file=<file>][,x509-dh-key-file=<file>][,addr=addr][,ipv4=on|off][,ipv6=on|off][,unix=on|off][,tls-ciphers=<list>][,tls-channel=[main|display|cursor|inputs|record|playback]][,plaintext-channel=[main|display|cursor|inputs|record|playback]][,sasl=on|off][,disable-ticketing=on|off][,password-secret=<secret-id>][,image-compression=[auto_glz|auto_lz|quic|glz|lz|off]][,jpeg-wan-compression=[auto|never|always]][,zlib-glz-wan-compression=[auto|never|always]][,streaming-video=[off|all|filter]][,disable-copy-paste=on|off][,disable-agent-file-xfer=on|off][,agent-mouse=[on|off]][,playback-compression=[on|off]][,seamless-migration=[on|off]][,video-codec=<codec>[,max-refresh-rate=rate[,gl=[on|off]][,rendernode=<file>]' has 2 unclosed '[': balance its brackets in the DEF's help text",
    ),
    'QD403': Example(
        ('seeds/guest-loader-6.2-rhel.html',),
        'seeds/guest-loader-6.2-rhel.html', 1,
        '<code class="docutils literal notranslate"><span class="pre">addr=<addr></span></code>',
        "<addr> was parsed as an HTML tag (the page's entities were decoded); read back as text: publish the page as Sphinx built it, not a copy whose entities were decoded",
    ),
    'QD501': Example(
        ('qemu/7.2.0',),
        'qemu/7.2.0/docs/about/deprecated.rst', 368,
        'virtiofsd',
        "deprecation list entry 'virtiofsd' states no version; the list's entries end their heading with '(since X.Y)'",
    ),
}

#: Rules with no finding in any release of the corpus: why, for ``qdoc rules``.
NO_CORPUS_INSTANCE: dict[str, str] = {
    "QD000": "every file of the corpus reads; an input error is a finding only past it, with --keep-going",
    "QD102": "every option the corpus documents is defined: its one case, a doc block before its HMP entry, is QD109",
    "QD302": "the HTML and man pages of each release tree (and Debian's 7.2 pages) give the synopses of its .hx",
    "QD303": "no property of the corpus states a different default in -help and in its documentation",
    "QD304": "every option under an ARCHHEADING has a DEF mask of that heading's targets",
    "QD204": "every replacement the lists name for a system emulator option exists; its two former findings "
    "named other programs' options (2.12's qemu-img `convert -s`, 8.1's user-mode `-singlestep`)",
}
