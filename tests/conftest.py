from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture(autouse=True)
def _run_date(monkeypatch):
    """An undated estimate is judged on the run date: in tests that date is fixed, so results do
    not change with the day the suite runs. (Commands run in a subprocess pin --as-of where the
    date matters.)"""
    from datetime import date

    from estimator import dating

    monkeypatch.setattr(dating, "today", lambda: date(2026, 12, 1))
