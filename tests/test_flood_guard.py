"""A flooding user is slowed down, told once, and nobody else is affected."""

from bot.telegram.flood import FloodGuard, Verdict


def test_user_over_the_limit_is_warned_once_then_dropped():
    guard = FloodGuard(limit=20, window=10)
    verdicts = [guard.check(1, now=i * 0.1) for i in range(25)]
    assert verdicts[:20] == [Verdict.OK] * 20
    assert verdicts[20:] == [Verdict.WARN] + [Verdict.DROP] * 4


def test_other_users_are_not_slowed():
    guard = FloodGuard(limit=3, window=10)
    for i in range(10):
        guard.check(1, now=i * 0.1)
    assert guard.check(2, now=1.0) is Verdict.OK


def test_user_may_ask_again_once_the_window_passes():
    guard = FloodGuard(limit=3, window=10)
    for i in range(5):
        guard.check(1, now=float(i))
    assert guard.check(1, now=13.5) is Verdict.OK


def test_idle_users_are_forgotten():
    guard = FloodGuard(limit=3, window=10)
    guard.check(1, now=0.0)
    guard.forget_idle(now=20.0)
    assert guard._seen == {}
