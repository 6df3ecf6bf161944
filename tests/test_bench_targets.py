"""`make bench` fails when a target is missed: the target check itself, without timing anything."""

import pytest

from tests.perf import run


@pytest.fixture(autouse=True)
def fresh_targets(monkeypatch):
    monkeypatch.setattr(run, "CHECKED", [])


def test_every_target_met_exits_zero():
    assert run.verdict(True, "home page") == "pass"
    assert run.verdict(None, "floor view") == "-"  # no target: not counted
    assert run.missed_targets() == []
    assert run.exit_status() == 0


def test_one_missed_target_exits_non_zero_and_is_named(capsys):
    run.verdict(True, "home page")
    assert run.verdict(False, "load workshop list") == "**miss**"
    run.verdict(True, "no overbooking")
    assert run.missed_targets() == ["load workshop list"]
    assert run.exit_status() == 1
    assert "load workshop list" in capsys.readouterr().err


@pytest.mark.parametrize(("checked", "status"), [([], 0), ([("a", True)], 0), ([("a", 0)], 1)])
def test_exit_status_of_a_given_list(checked, status):
    assert run.exit_status(checked) == status


def test_make_bench_passes_the_status_on():
    """The Makefile keeps the benchmark's exit status, running the mailbox part either way."""
    from tests.conftest import BASE_DIR

    recipe = (BASE_DIR / "Makefile").read_text().split("\nbench:", 1)[1].split("\n\n", 1)[0]
    assert "|| status=1" in recipe and "exit $$status" in recipe
