"""Auth of the news room."""
