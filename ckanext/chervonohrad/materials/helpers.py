"""Helpers of the materials room."""
