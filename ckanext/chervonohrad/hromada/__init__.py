"""The hromada level above publishers: the oblast's hromadas (a shipped vocabulary), each
publisher's hromada, and council officers who oversee one hromada's publishers."""
