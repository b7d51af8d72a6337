"""AnswerBot's keyboard serialisation is PTB's own, computed faster."""

from __future__ import annotations

import pytest
from telegram import (
    CopyTextButton,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LoginUrl,
    SwitchInlineQueryChosenChat,
    WebAppInfo,
)

from bot.telegram.answer_bot import keyboard_json
from bot.telegram.keyboards import back_keyboard, unit_keyboard
from storage.snapshot import load_snapshot

BUTTONS = [
    InlineKeyboardButton("Năm 2018", callback_data="u:so-y-te:2018"),
    InlineKeyboardButton("Trang web", url="https://dienbien.gov.vn"),
    InlineKeyboardButton("Hỏi", switch_inline_query_current_chat="Sở Y tế"),
    InlineKeyboardButton("Chia sẻ", switch_inline_query=""),
    InlineKeyboardButton("Trả", pay=False),
    InlineKeyboardButton("Sao chép", copy_text=CopyTextButton("Sở Y tế")),
    InlineKeyboardButton("Đăng nhập", login_url=LoginUrl("https://a.vn/login")),
    InlineKeyboardButton("Ứng dụng", web_app=WebAppInfo("https://a.vn/app")),
    InlineKeyboardButton("Chọn", switch_inline_query_chosen_chat=SwitchInlineQueryChosenChat(
        query="x", allow_user_chats=True)),
    InlineKeyboardButton("Khác", callback_data="x", api_kwargs={"future_field": 1}),
]


@pytest.mark.parametrize("button", BUTTONS, ids=lambda b: b.text)
def test_each_kind_of_button_is_serialised_as_ptb_does(button):
    markup = InlineKeyboardMarkup([[button]])
    assert keyboard_json(markup) == markup.to_dict()


def test_the_answer_keyboards_are_serialised_as_ptb_does(db):
    snapshot = load_snapshot(db)
    markups = [unit_keyboard("so-y-te", 2019, snapshot), back_keyboard("so-y-te", 2019),
               InlineKeyboardMarkup([BUTTONS[:3], BUTTONS[3:6], BUTTONS[6:]])]
    for markup in markups:
        assert keyboard_json(markup) == markup.to_dict()
