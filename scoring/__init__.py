"""Scoring: read the published DienBien e-Gov index results, check them, rank them, store them."""
