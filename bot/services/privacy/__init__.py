"""Privacy services: detection and handling of patient identifiers (PHI) in chat messages."""
