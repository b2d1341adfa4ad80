"""Action of the materials room."""
