"""briefing: turn a pile of news articles into a short, sourced situation brief."""
