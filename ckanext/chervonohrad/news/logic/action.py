"""Action of the news room."""
