"""The ``rounds`` command line: the entry point that wires the core to its adapters."""
