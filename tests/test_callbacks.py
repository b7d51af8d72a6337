"""Button data is short ASCII that survives a restart: encode/decode round trips."""

from __future__ import annotations

import pytest

from bot.telegram.callbacks import Callback, decode, encode
from scoring.registry import load_registry
from tests.conftest import DATA

UNITS = [u.id for u in load_registry(DATA / "units.csv")]


@pytest.mark.parametrize("unit_id", UNITS)
def test_every_unit_button_fits_64_bytes_and_round_trips(unit_id):
    for callback in (Callback("unit", (unit_id,), 2019), Callback("detail", (unit_id,), 2019),
                     Callback("compare", (unit_id, "h-dien-bien-dong"), 2019)):
        data = encode(callback)
        assert len(data.encode()) <= 64
        assert data.isascii()
        assert decode(data) == callback


@pytest.mark.parametrize("data", ["", "x", "u:so-y-te", "z:so-y-te:2019", "u:SO Y TE:2019",
                                  "u:so-y-te:abc", "u:<b>:2019:x:y"])
def test_foreign_or_broken_data_decodes_to_none(data):
    assert decode(data) is None


def test_too_long_payload_is_refused():
    with pytest.raises(ValueError, match="too long"):
        encode(Callback("compare", tuple(UNITS[:6]), 2019))
