"""Security properties of the portal, one module per property (issue #16)."""
