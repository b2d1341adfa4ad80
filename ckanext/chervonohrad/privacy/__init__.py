"""Privacy: how long the portal keeps the personal data of senders and applicants, and
erasing one person's data on request (Law of Ukraine «Про захист персональних даних»,
Art. 6 and 8)."""
