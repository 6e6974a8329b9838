"""The Discord adapter: discord.py on the shared event loop. ``runner.serve(core)`` is the
entry point that ``rounds run`` starts when ``discord.token`` is configured."""
