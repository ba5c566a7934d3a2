"""One module per view; each takes the Session and refreshes itself from `Changes`."""
