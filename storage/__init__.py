"""Storage: the SQLite database (results, users' data, the outbox, uploads) and its read model.

Data flows files → scoring → storage: `scoring` parses and checks, this package writes it
atomically and reads it back as a `Snapshot`.
"""
