"""One module per screen; each screen is a step a worker takes, reachable by key."""
