"""``/help``: usage generated from the registry."""
