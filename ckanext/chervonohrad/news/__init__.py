"""News of the portal (action plan item 6.4): posts of a hromada or of the oblast about new or
valuable datasets, the Atom feed, and each hromada's count per quarter against «at least one»."""
