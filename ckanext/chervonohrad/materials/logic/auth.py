"""Auth of the materials room."""
