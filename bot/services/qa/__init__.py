"""Q&A threads: ask, route to specialists, answer, accept, remind, search, reuse."""
