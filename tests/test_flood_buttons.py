"""A user pressing buttons too fast is slowed down, and every press is still answered: an
unanswered callback query leaves the button spinning on the user's screen."""

from __future__ import annotations

from bot.words import cards
from tests.support.bot_harness import running_bot

USER = 910


async def test_flood_dropped_button_presses_are_answered(fake_api, db_path):
    async with running_bot(fake_api, flood_messages=3, flood_seconds=60):
        fake_api.send_text(USER, "so y te 2019")  # 1 of 3
        await fake_api.wait_for(lambda s: s.sent(USER), timeout=10)
        card = fake_api.sent(USER)[0]
        detail = next(d for d in card.callback_data if d.startswith("d:"))
        # queued at once, before the bot edits the card: presses 2 and 3 pass, 4 is told to
        # slow down, 5 and 6 are dropped
        queries = [fake_api.press_button(USER, card.message_id, detail) for _ in range(5)]
        await fake_api.wait_for(lambda s: not s.open_callback_queries & set(queries),
                                timeout=10)
    answers = {a.callback_query_id: a for a in fake_api.callback_answers}
    assert sorted(answers) == sorted(queries)  # each exactly once (a second one is refused)
    assert len(fake_api.callback_answers) == 5
    warned = [a for a in answers.values() if a.show_alert]
    assert [a.text for a in warned] == [cards.SLOW_DOWN]
    toasts = [a for a in answers.values() if not a.show_alert and a.text]
    assert len(toasts) == 2
    assert all("chờ" in a.text for a in toasts)
    assert [m.text for m in fake_api.sent(USER) if cards.SLOW_DOWN in (m.text or "")] == []
