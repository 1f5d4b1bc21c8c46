DEF("m", HAS_ARG, QEMU_OPTION_m,
    "-m size   set memory\n", QEMU_ARCH_ALL)
SRST
``-m size``
    Sets the guest memory.
DEF("n", 0, QEMU_OPTION_n, "-n\n", QEMU_ARCH_ALL)
ERST
