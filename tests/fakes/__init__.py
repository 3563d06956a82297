"""Local fake servers that speak the real Mastodon and X APIs (tests only)."""
