"""Physician verification: the NPI check digit, the NPPES registry, and the admin queue."""
