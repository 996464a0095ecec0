"""Template tags of the registry pages."""
