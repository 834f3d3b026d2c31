"""real_venv under pytest-xdist: two workers asking for the same venv at once build it once; the one
that comes second waits on the lock, then reuses what the first built (never clears it mid-use)."""
from __future__ import annotations

import fcntl
import threading

from tests.interop import conftest as interop


def test_a_second_caller_waits_for_the_build_then_reuses_it(tmp_path, monkeypatch):
    monkeypatch.setattr(interop, "CACHE", tmp_path)
    python = tmp_path / "made" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("the venv another worker is building")
    got: list = []
    with open(tmp_path / "made.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker is building "made" now
        second = threading.Thread(target=lambda: got.append(interop.real_venv("made", "made==1.0")), daemon=True)
        second.start()
        second.join(1.0)
        assert second.is_alive() and not got  # it waits: it neither returns nor starts a build of its own
        (tmp_path / "made" / ".installed").write_text("made==1.0")  # the first worker's build finishes
    second.join(30)
    assert got == [python] and python.read_text() == "the venv another worker is building"
