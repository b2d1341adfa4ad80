"""Citizen feedback on datasets and dataset suggestions (action plan items 6.3 and 6.1)."""
