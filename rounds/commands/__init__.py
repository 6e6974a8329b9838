"""CLI subcommands, one module each; a module's ``register(subparsers, common)`` adds its own."""
