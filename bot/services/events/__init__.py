"""Live-event hashtags: gathering, mirroring, sessions, speaker questions, stats and export."""
