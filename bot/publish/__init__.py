"""Publishing from Telegram: an admin's uploaded files, their preview and the decision
buttons."""
