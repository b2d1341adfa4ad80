"""Helpers of the news room."""
