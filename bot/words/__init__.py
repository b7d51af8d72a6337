"""Vietnamese words of the bot, one module per feature."""
