"""Methodological materials for responsible persons (action plan item 7.1): the list at
/materials, kept by regional administrators, with a starter set of public materials."""
