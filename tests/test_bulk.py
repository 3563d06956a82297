"""Bulk work pauses the cycle collector and always puts it back as it was."""

from __future__ import annotations

import gc

import pytest

from wijkpost.bulk import no_cycle_collection


def test_the_collector_is_paused_and_restored_even_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(KeyError), no_cycle_collection():
        assert not gc.isenabled()
        raise KeyError("boom")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with no_cycle_collection():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
