"""Notices: subscriptions and follows, the outbox drainer, the notices' words on screen,
the admins' commands and the daily backup."""
