"""Vietnamese words a person sees, one module per feature."""
