DEF("m", HAS_ARG, QEMU_OPTION_m,
    "-m size   set memory\n", QEMU_ARCH_ALL)
SRST
``-m size``
    Sets the guest memory.
ERST
