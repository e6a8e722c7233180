"""The server's garbage-collector setting (ooma_cancel.ui.warmup): the app's thresholds after the warm-up,
freezing only when asked, and the app's own values when the environment gives nonsense."""

import gc
import sys

import pytest

from ooma_cancel.ui import warmup


@pytest.fixture
def restored_gc():
    """Whatever a test does to the collector and the switch interval is undone afterwards."""
    thresholds, interval = gc.get_threshold(), sys.getswitchinterval()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    sys.setswitchinterval(interval)


def test_the_warm_up_sets_the_app_s_thresholds_and_freezes_nothing(monkeypatch, restored_gc):
    for name in ("OOMA_CANCEL_GC_FREEZE", "OOMA_CANCEL_GC_THRESHOLDS", "OOMA_CANCEL_SWITCH_INTERVAL_MS"):
        monkeypatch.delenv(name, raising=False)
    gc.unfreeze()
    interval = sys.getswitchinterval()
    warmup.settle_garbage_collector()
    assert gc.get_threshold() == warmup.GC_THRESHOLDS != (700, 10, 10)
    assert gc.get_freeze_count() == 0
    assert sys.getswitchinterval() == interval


def test_freezing_what_is_loaded_is_one_setting_away(monkeypatch, restored_gc):
    monkeypatch.setenv("OOMA_CANCEL_GC_FREEZE", "1")
    gc.unfreeze()
    warmup.settle_garbage_collector()
    assert gc.get_freeze_count() > 10_000  # the modules imported by now (pytest, streamlit, the app)


def test_python_s_own_collector_is_one_setting_away(monkeypatch, restored_gc):
    monkeypatch.setenv("OOMA_CANCEL_GC_FREEZE", "0")
    monkeypatch.setenv("OOMA_CANCEL_GC_THRESHOLDS", "700,10,10")
    monkeypatch.setenv("OOMA_CANCEL_SWITCH_INTERVAL_MS", "2")
    gc.unfreeze()
    warmup.settle_garbage_collector()
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0
    assert sys.getswitchinterval() == pytest.approx(0.002)


@pytest.mark.parametrize("raw", ["a,b,c", "0,10,10", "700,-1,10", "1,2,3,4", " , "])
def test_thresholds_that_are_not_three_sensible_numbers_give_the_app_s_own(monkeypatch, raw):
    monkeypatch.setenv("OOMA_CANCEL_GC_THRESHOLDS", raw)
    assert warmup.gc_thresholds() == warmup.GC_THRESHOLDS


@pytest.mark.parametrize("step", [s for s in warmup.STEPS if s is not warmup.settle_garbage_collector])
def test_every_warm_up_step_runs(step):
    """The warm-up thread logs and skips a failing step (a warm-up never breaks the app), so a step broken by a
    change would only make first clicks slow again, silently: each must run cleanly here."""
    step()


def test_the_warm_up_waits_while_a_page_runs_and_just_after(monkeypatch):
    naps: list[float] = []
    clock = iter(range(1000))
    monkeypatch.setattr(warmup.time, "monotonic", lambda: next(clock) * 0.1)  # 0.1 s passes per look
    monkeypatch.setattr(warmup.time, "sleep", naps.append)
    monkeypatch.setattr(warmup, "_runs_under_way", 0)
    monkeypatch.setattr(warmup, "_last_run_ended", -100.0)  # nobody's page has run for a long time
    warmup._give_way()
    assert naps == []

    warmup.page_run_began()  # a page run is under way: the warm-up waits, but no longer than its limit
    warmup._give_way()
    assert len(naps) == pytest.approx(warmup.GIVE_WAY_MAX_S / 0.1, abs=2)

    naps.clear()
    warmup.page_run_ended()  # it has just ended: the browser draws the reply, then the warm-up goes on
    warmup._give_way()
    assert 1 <= len(naps) <= warmup.GIVE_WAY_S / 0.1 + 1
    assert warmup._runs_under_way == 0
