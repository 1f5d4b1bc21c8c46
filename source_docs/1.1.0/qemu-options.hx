HXCOMM Example options file for qdoc, written in QEMU's .hx format.
HXCOMM Release 1.1.0 of an imaginary QEMU-like emulator; 1.0.0 beside it
HXCOMM is where it drifted from on purpose (see source_docs/README.md).
HXCOMM DEF(option, HAS_ARG/0, opt_enum, opt_help, arch_mask)

DEFHEADING(Standard options:)

DEF("help", 0, QEMU_OPTION_h,
    "-h or -help     display this help and exit\n", QEMU_ARCH_ALL)
SRST
``-h``
    Display help and exit.
ERST

DEF("machine", HAS_ARG, QEMU_OPTION_machine, \
    "-machine [type=]name[,prop[=value][,...]]\n"
    "                selects emulated machine ('-machine help' for list)\n"
    "                property accel=accel1[:accel2[:...]] selects accelerator\n"
    "                vmport=on|off|auto controls emulation of vmport (default: auto)\n",
    QEMU_ARCH_ALL)
SRST
``-machine [type=]name[,prop=value[,...]]``
    Select the emulated machine by name. Use ``-machine help`` to list
    available machines.

    Supported machine properties are:

    ``accel=accels1[:accels2[:...]]``
        This is used to enable an accelerator. If there is more than one
        accelerator specified, the next one is used if the previous one
        fails to initialize.

    ``vmport=on|off|auto``
        Enables emulation of VMWare IO port. The default is auto.
ERST

DEF("numa", HAS_ARG, QEMU_OPTION_numa,
    "-numa node[,mem=size][,cpus=firstcpu[-lastcpu]][,nodeid=node]\n"
    "-numa dist,src=source,dst=destination,val=distance\n", QEMU_ARCH_ALL)
SRST
``-numa node[,mem=size][,cpus=firstcpu[-lastcpu]][,nodeid=node]``
  \ 
``-numa dist,src=source,dst=destination,val=distance``
    Define a NUMA node and assign RAM and VCPUs to it, or set the NUMA
    distance from a source node to a destination node.
ERST

DEF("audiodev", HAS_ARG, QEMU_OPTION_audiodev,
    "-audiodev [driver=]driver,id=id[,prop[=value][,...]]\n"
    "                specifies the audio backend to use\n"
    "                timer-period=period sets the audio timer period in microseconds\n", QEMU_ARCH_ALL)
SRST
``-audiodev [driver=]driver,id=id[,prop[=value][,...]]``
    Adds a new audio backend driver identified by id.

    ``timer-period=period``
        Sets the timer period used by the audio subsystem in
        microseconds. Default is 10000 (10 ms).
ERST

HXCOMM Internal use, deliberately undocumented (as QEMU's -qtest).
DEF("qtest", HAS_ARG, QEMU_OPTION_qtest, "", QEMU_ARCH_ALL)

DEFHEADING()

DEFHEADING(Block device options:)

DEF("hda", HAS_ARG, QEMU_OPTION_hda,
    "-hda/-hdb file  use 'file' as IDE hard disk 0/1 image\n", QEMU_ARCH_ALL)
DEF("hdb", HAS_ARG, QEMU_OPTION_hdb, "", QEMU_ARCH_ALL)
SRST
``-hda file``
  \ 
``-hdb file``
    Use file as hard disk 0 or 1 image.
ERST

DEF("snapshot", 0, QEMU_OPTION_snapshot,
    "-snapshot       write to temporary files instead of disk image files\n",
    QEMU_ARCH_ALL)
SRST
``-snapshot``
    Write to temporary files instead of disk image files.
ERST

DEFHEADING()

ARCHHEADING(, QEMU_ARCH_I386)

ARCHHEADING(i386 target only:, QEMU_ARCH_I386)

DEF("no-hpet", 0, QEMU_OPTION_no_hpet,
    "-no-hpet        disable HPET (deprecated)\n", QEMU_ARCH_I386)
SRST
``-no-hpet``
    Disable HPET support. This option is deprecated; use
    ``-machine hpet=off`` instead.
ERST

DEF("xen-domid", HAS_ARG, QEMU_OPTION_xen_domid,
    "-xen-domid id   specify xen guest domain id\n",
    QEMU_ARCH_ARM | QEMU_ARCH_I386)
SRST
``-xen-domid id``
    Specify xen guest domain id (XEN only).
ERST

ARCHHEADING(, QEMU_ARCH_I386)

DEFHEADING(Debug/Expert options:)

DEF("preconfig", 0, QEMU_OPTION_preconfig, \
    "--preconfig     pause QEMU before machine is initialized (experimental)\n",
    QEMU_ARCH_ALL)
SRST
``--preconfig``
    Pause for interactive configuration before the machine is created.
ERST

DEF("initrd", HAS_ARG, QEMU_OPTION_initrd, \
    "-initrd file    use 'file' as initial ram disk\n", QEMU_ARCH_ALL)
SRST(initrd)
``-initrd file``
    Use file as initial ram disk.
ERST

DEFHEADING()
