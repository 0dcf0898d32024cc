"""`starframe new star`: a complete, installable plugin package for a new Star."""
