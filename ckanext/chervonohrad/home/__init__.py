"""The portal's public face: the home page (the oblast's key figures, new and updated datasets,
the best-rated publishers, the latest news and use cases) and the header's menus. It reads the
rooms before it and stores nothing."""
