"""Telegram: the application, its handler list, the button router, keyboards, and the
transport, limits and safety of talking to the Bot API."""
