"""Vietnamese words the bot reads and writes, one module per feature."""
