"""Vietnamese words a user sees, one module per feature."""
