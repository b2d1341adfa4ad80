"""Use cases of the open data (action plan item 9.2): a second dataset type, `showcase`, on
ckanext-scheming (schemas/showcase.yaml). Anyone logged in proposes one; regional
administrators, the hromada's council officers and the admins of the publishers whose data it
uses approve it. Kept out of the datasets' search, counts, scores and reports."""
