"""Never a confident wrong answer: sentences of common Vietnamese words name no unit.

A sentence built only from everyday words (with and without diacritics), none of which spells
a unit's name with its neighbour, must never get a unit card, a figure or a comparison. It
may get help, a question back, a list or a statistic.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.matcher import NameIndex, split_core
from bot.query import FILLER_WORDS
from bot.query_grammar import default_grammar
from scoring.registry import load_registry
from scoring.vietnamese import query_tokens
from tests.query_cases import UNITS_CSV, folded

_COMMON_TEXT = """
anh chị em bạn tôi mình chúng ta họ ông bà cô chú bác cháu con người ai gì nào đâu sao
thế vậy này kia đó đây ấy rồi đã đang sẽ vừa mới vẫn còn cũng lại nữa thì là mà nên
nhưng hay hoặc với cùng của cho để từ đến tới trong ngoài trên dưới giữa sau trước bên
cạnh gần xa cao thấp to nhỏ dài ngắn rộng hẹp nhiều ít hết đủ thiếu thừa tốt xấu đẹp
hay dở nhanh chậm sớm muộn mới cũ trẻ già khỏe yếu vui buồn giận sợ thích ghét yêu
muốn cần phải nên được bị có không chưa đừng chớ hãy đi đứng ngồi nằm chạy nhảy ăn
uống ngủ dậy làm học đọc viết nói nghe nhìn thấy biết hiểu nghĩ nhớ quên hỏi trả lời
gọi mua bán đổi lấy đưa mang cầm giữ bỏ mở đóng bật tắt chờ đợi gặp thăm chơi xem
ngày tháng năm tuần giờ phút giây sáng trưa chiều tối đêm hôm nay mai qua sớm khuya
nhà cửa phòng bàn ghế giường tủ sách vở bút giấy máy điện thoại xe đường phố chợ trường
lớp bệnh viện công việc tiền bạc gạo cơm nước canh rau thịt cá gà trứng sữa cà phê trà
bánh kẹo quả táo cam chuối xoài mưa nắng gió mây trời đất núi sông biển hồ cây hoa lá cỏ
chó mèo trâu bò lợn ngựa chim vịt màu đỏ xanh vàng trắng đen tím nâu hồng một hai ba bốn
năm sáu bảy tám chín mười trăm nghìn triệu tỷ đầu cuối giữa nửa cả mọi mỗi từng các những
đứng dựng chào tăng phát triển thông tin tài chính xây điện biên nhé ạ ơi à ừ vâng dạ
chuyện câu hỏi trả lời ý kiến vấn đề kế hoạch dự án hội nghị cuộc họp báo cáo văn bản
quyết định thông báo công văn giấy tờ hồ sơ thủ tục mẫu đơn chữ ký con dấu phần mềm
mạng internet máy tính trang web thư email tài khoản mật khẩu đăng nhập tải lên xuống
lúc khi nào bao giờ lâu mau gấp chậm trễ đúng sai thật giả rõ ràng chắc chắn có lẽ
hình như tất nhiên dĩ nhiên thật ra thực sự hôm qua tuần sau tháng trước năm sau
"""
WORDS = tuple(dict.fromkeys(_COMMON_TEXT.split()))
FORBIDDEN = {"unit", "value", "compare"}


@pytest.fixture(scope="module")
def index() -> NameIndex:
    return NameIndex(load_registry(UNITS_CSV))


def names_a_unit(text: str, index: NameIndex) -> bool:
    """Whether some words of `text` spell a unit's name or alias exactly, or two neighbouring
    words of one ("xã hội"): a piece of a distinctive name, which may rightly name it.
    Polite words between them do not count ("vẫn anh phòng" reads as "văn phòng")."""
    polite = set(FILLER_WORDS)  # "anh", "ạ"…: dropped around names, so skipped here too
    words = split_core([t for t in query_tokens(text) if t not in polite]).words
    return bool(index.spans(words)) or any(
        pair in index.name_bigrams for pair in pairwise(words))


def test_the_word_list_is_long_enough() -> None:
    assert len(WORDS) >= 300


def test_no_common_word_alone_is_a_unit(index: NameIndex) -> None:
    grammar = default_grammar(index)
    wrong = [
        (text, grammar.parse(text, 2026).op)
        for word in WORDS for text in (word, folded(word))
        if not names_a_unit(text, index)
        and grammar.parse(text, 2026).op in ("card", "value", "compare", "improve",
                                             "neighbour")
    ]
    assert wrong == []


def common_sentence(words: list[str], fold: bool, index: NameIndex) -> str | None:
    """The words as a sentence (without diacritics when `fold`); None if it happens to spell
    a unit's name, which a property about common words must skip."""
    text = " ".join(words)
    if fold:
        text = folded(text)
    return None if names_a_unit(text, index) else text


def test_common_word_sentences_never_name_a_unit(index: NameIndex) -> None:
    grammar = default_grammar(index)

    @settings(max_examples=600, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.filter_too_much])
    @given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=7), st.booleans())
    def check(words: list[str], fold: bool) -> None:
        text = common_sentence(words, fold, index)
        if text is None:
            return
        question = grammar.parse(text, 2026)
        assert question.op not in ("card", "value", "compare", "improve", "neighbour"), (
            text, question)

    check()


def test_common_word_sentences_get_no_unit_answer(shared_service) -> None:
    """The same property through the whole service: kinds unit, value, compare never come."""
    index = shared_service.index

    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.filter_too_much])
    @given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6), st.booleans())
    def check(words: list[str], fold: bool) -> None:
        text = common_sentence(words, fold, index)
        if text is None:
            return
        assert shared_service.ask(text).kind not in FORBIDDEN, text

    check()


@pytest.fixture(scope="module")
def shared_service(tmp_path_factory):
    from bot.service import AnswerService
    from storage.store import ensure_database
    from tests.conftest import DATA

    db = ensure_database(tmp_path_factory.mktemp("db") / "w.db", DATA)
    yield AnswerService(db)
    db.close()
