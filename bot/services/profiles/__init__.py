"""Member profiles: name, specialty, title, NPI, time zone and quiet hours."""
