"""Journal and conference feeds: subscriptions, filters, per-article posts and digests."""
