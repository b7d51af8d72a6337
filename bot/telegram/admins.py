"""Who may publish and broadcast: the user ids in EGOV_ADMINS, checked in one place."""

from __future__ import annotations

from typing import cast

from telegram import User
from telegram.ext import ContextTypes

from bot.config import Settings


def is_admin(user: User | None, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether `user` is one of the configured administrators."""
    settings = cast(Settings | None, context.bot_data.get("settings"))
    return user is not None and settings is not None and user.id in settings.admins
