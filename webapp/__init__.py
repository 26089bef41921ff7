"""Survey-to-proposal web application (app factory lives here; being built)."""
