"""Words of operations: a damaged or full database, backups, `egov doctor`, `egov unpublish`,
year limits of `egov publish`, and what the notice drainer tells the admins when it stops."""

from __future__ import annotations

from pathlib import Path

from storage.problems import DatabaseProblem, Problem

# One line per problem, Vietnamese then English, naming the file and what to do.
_PROBLEM = {
    Problem.EMPTY: (
        "Cơ sở dữ liệu {path} rỗng (0 byte) nên không được dùng và không bị dựng lại đè lên; "
        "chạy «egov doctor --restore» để khôi phục bản sao lưu mới nhất.",
        "The database {path} is empty (0 bytes), so it was not used nor rebuilt over; "
        "run `egov doctor --restore` to restore the latest backup."),
    Problem.UNREADABLE: (
        "Không đọc được cơ sở dữ liệu {path} ({detail}); kiểm tra tệp và quyền truy cập, "
        "hoặc chạy «egov doctor».",
        "Cannot read the database {path} ({detail}); check the file and its permissions, "
        "or run `egov doctor`."),
    Problem.CORRUPT: (
        "Cơ sở dữ liệu {path} bị hỏng ({detail}) nên không được dùng và không bị dựng lại "
        "đè lên; chạy «egov doctor --restore» để khôi phục bản sao lưu mới nhất.",
        "The database {path} is damaged ({detail}), so it was not used nor rebuilt over; "
        "run `egov doctor --restore` to restore the latest backup."),
    Problem.READ_ONLY: (
        "Không ghi được vào cơ sở dữ liệu {path}: tệp hoặc thư mục chứa nó chỉ cho đọc; "
        "cho phép ghi (cả thư mục, cho tệp -wal và -shm) rồi chạy lại.",
        "Cannot write to the database {path}: the file or its folder is read-only; make both "
        "writable (the folder holds the -wal and -shm files) and run again."),
    Problem.DISK_FULL: (
        "Ổ đĩa chứa {path} đã đầy, không ghi được gì; giải phóng dung lượng rồi chạy lại "
        "(xem mục «Khi ổ đĩa đầy» trong README).",
        "The disk holding {path} is full and nothing was written; free some space and run "
        "again (see \"When the disk fills\" in the README)."),
    Problem.BUSY: (
        "Cơ sở dữ liệu {path} đang bận (một tiến trình khác đang ghi); chưa ghi gì, "
        "vui lòng thử lại sau ít phút.",
        "The database {path} is busy (another process is writing); nothing was written, "
        "please try again in a few minutes."),
}


def problem_line(problem: DatabaseProblem) -> str:
    """One plain line, Vietnamese then English: what is wrong with which file, what to do."""
    vi, en = _PROBLEM[problem.kind]
    values = {"path": problem.path, "detail": problem.detail or problem.kind.value}
    return f"{vi.format(**values)} / {en.format(**values)}"


# ---------------------------------------------------------------- the bot

TRY_AGAIN = ("Xin lỗi, hệ thống đang bận ghi dữ liệu nên chưa lưu được thay đổi của bạn. "
             "Vui lòng thử lại sau ít phút.")
CANNOT_SAVE = ("Xin lỗi, hiện không lưu được thay đổi của bạn (máy chủ gặp sự cố lưu trữ). "
               "Quản trị viên đã được báo; vui lòng thử lại sau.")


def user_message(problem: DatabaseProblem) -> str:
    """What a user (not an admin) is told when their change could not be saved."""
    return TRY_AGAIN if problem.kind is Problem.BUSY else CANNOT_SAVE


def drainer_paused(problem: DatabaseProblem) -> str:
    """To the admins, once: the outbox stopped because "sent" could not be recorded."""
    return ("⚠️ <b>Tạm dừng gửi thông báo.</b> Không ghi được vào cơ sở dữ liệu (kể cả "
            "trạng thái «đã gửi»), nên bot ngừng gửi để không ai nhận một tin hai lần. "
            "Bot tự gửi tiếp khi ghi được trở lại.\n"
            f"<code>{_esc(problem_line(problem))}</code>")


DRAINER_RESUMED = ("✅ <b>Đã gửi thông báo trở lại.</b> Cơ sở dữ liệu ghi được rồi; "
                   "các tin còn chờ sẽ được gửi tiếp, mỗi người nhận một lần.")


def admin_problem(problem: DatabaseProblem) -> str:
    """To an admin whose command failed on the database: the operator's line, in HTML."""
    return f"⚠️ {_esc(problem_line(problem))}"


def _esc(text: str) -> str:
    from html import escape

    return escape(text, quote=False)


# ---------------------------------------------------------------- egov publish --year

def year_out_of_range(year: int, first: int, last: int) -> str:
    return (f"Năm {year} không hợp lệ: chỉ công bố được các năm từ {first} (năm của bộ chỉ số "
            f"đầu tiên) đến {last} (năm sau năm hiện tại).")


def year_not_a_number(text: str) -> str:
    return f"«{text}» không phải là một năm; hãy ghi năm bằng 4 chữ số, ví dụ --year 2020."


# ---------------------------------------------------------------- egov unpublish

def unpublished(year: int, results: int, cancelled: int, backup: Path | None) -> str:
    parts = [f"Đã gỡ năm {year}: xoá {results} dòng kết quả"]
    if cancelled:
        parts.append(f"huỷ {cancelled} thông báo chưa gửi về năm này")
    line = "; ".join(parts) + ". Người đăng ký và đơn vị theo dõi giữ nguyên."
    if backup is not None:
        line += f"\nBản sao lưu trước khi gỡ: {backup}"
    return line + "\n"


def not_published(year: int, known: list[int]) -> str:
    listed = ", ".join(map(str, known)) or "chưa có"
    return f"Năm {year} chưa được công bố nên không có gì để gỡ. Các năm đã có: {listed}.\n"


def seeded_year(year: int) -> str:
    return (f"Năm {year} lấy từ thư mục data/, không phải từ «egov publish»: gỡ tệp trong "
            "data/results/ rồi chạy «egov build» nếu thật sự muốn bỏ năm này.\n")


# ---------------------------------------------------------------- backups and egov doctor

def backup_done(path: Path, size: int) -> str:
    return f"Đã sao lưu cơ sở dữ liệu vào {path} ({-(-size // 1024)} KB).\n"


def backup_before(path: Path) -> str:
    return f"Đã sao lưu trước khi ghi: {path}\n"


def doctor_ok(path: Path, years: list[int], subscribers: int, backups: int,
              latest: Path | None) -> str:
    listed = ", ".join(map(str, years)) or "chưa có"
    found = f"{backups} bản, mới nhất {latest}" if latest else "chưa có bản nào"
    return (f"Cơ sở dữ liệu {path}: tốt (integrity_check ok).\n"
            f"  Năm đã công bố: {listed}\n  Người đăng ký còn nhận tin: {subscribers}\n"
            f"  Sao lưu: {found}\n")


def doctor_missing(path: Path) -> str:
    return (f"Chưa có cơ sở dữ liệu {path}; lệnh đầu tiên sẽ dựng nó từ data/ "
            "(hoặc chạy «egov doctor --restore» để lấy bản sao lưu mới nhất).\n")


def doctor_found(problem: DatabaseProblem) -> str:
    return f"Phát hiện lỗi: {problem_line(problem)}\n"


def doctor_how_to_restore(latest: Path | None) -> str:
    if latest is None:
        return ("Không có bản sao lưu nào dùng được. Nếu không còn cách nào khác: đổi tên "
                "tệp hỏng rồi chạy «egov build» (mất người đăng ký và các năm đã công bố).\n")
    return f"Khôi phục bản sao lưu mới nhất ({latest}): egov doctor --restore\n"


def doctor_restored(backup: Path, target: Path, kept: list[Path]) -> str:
    aside = "".join(f"\n  Tệp cũ giữ lại: {p}" for p in kept)
    return (f"Đã khôi phục {target} từ bản sao lưu {backup}.{aside}\n"
            "Các thay đổi sau thời điểm sao lưu (đăng ký, công bố) cần làm lại nếu có.\n")


def doctor_no_backup(folder: Path) -> str:
    return f"Không có bản sao lưu nào dùng được trong {folder}; chưa thay đổi gì.\n"


def doctor_healthy_no_restore(path: Path) -> str:
    return (f"Cơ sở dữ liệu {path} không có lỗi nên không khôi phục đè lên; "
            "nếu thật sự muốn, dùng --restore --force.\n")
