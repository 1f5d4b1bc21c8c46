HXCOMM A small options file written for qdoc's Sphinx tests.
DEFHEADING(Standard options:)
DEF("machine", HAS_ARG, QEMU_OPTION_machine,
    "-machine [type=]name[,prop=value[,...]]\n"
    "                select emulated machine\n", QEMU_ARCH_ALL)
SRST(machine-label)
``-machine [type=]name[,prop=value[,...]]``
    Select the emulated machine by @var{name}.

    ``accel=accels1[:accels2[:...]]``
        This is used to enable an accelerator.

    ``vmport=on|off|auto``
        Enables emulation of VMWare IO port.
ERST
HXCOMM Internal use
DEF("qtest", HAS_ARG, QEMU_OPTION_qtest, "", QEMU_ARCH_ALL)
DEF("snapshot", 0, QEMU_OPTION_snapshot,
    "-snapshot       write to temporary files instead of disk image files\n", QEMU_ARCH_ALL)
SRST
``-snapshot``
    Write to temporary files instead of disk image files.
ERST
DEFHEADING()
