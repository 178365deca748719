"""The memo tables of the hot path stay bounded, and a scan leaves Python's cycle collector as it found it."""

from __future__ import annotations

import gc

import pytest

from flytcheck.commands.scan_command import no_cycle_collection
from flytcheck.values import Memo


def test_a_memo_without_a_limit_keeps_every_value_and_runs_the_function_once_each() -> None:
    calls: list[int] = []
    memo = Memo(lambda v: calls.append(v) or v * 2)
    assert [memo[v] for v in (1, 2, 1, 3, 2)] == [2, 4, 2, 6, 4]
    assert calls == [1, 2, 3] and len(memo) == 3


def test_a_memo_with_a_limit_starts_over_when_full_and_still_answers_right() -> None:
    memo = Memo(str, limit=3)
    assert [memo[v] for v in range(10)] == [str(v) for v in range(10)]
    assert len(memo) <= 3
    assert memo[9] == "9" and memo[0] == "0"


def test_values_that_repeat_stay_shared_objects_while_they_fit() -> None:
    memo = Memo(lambda v: f"dato {v}", limit=100)
    first = memo["2024-01-01"]
    for v in range(50):
        memo[v]
    assert memo["2024-01-01"] is first


@pytest.mark.parametrize("enabled", [True, False])
def test_the_scan_pauses_the_cycle_collector_and_restores_it(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with no_cycle_collection():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), no_cycle_collection():
            raise RuntimeError("a rule failed")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
