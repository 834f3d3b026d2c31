"""Logs as a weapon (issue 14): the node's log and hosted processes' logs rotate by size while
they run, so nothing a client or a chatty process does can fill the disk."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import time

from tests.node.fixtures import wait_for

CHATTY = """
    import signal, sys, time
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    while True:
        print("x" * 200, flush=True)
        time.sleep(0.0005)
"""


def test_a_hosted_process_log_rotates_while_it_runs(tmp_path):
    from node.hosting.supervisor import Supervisor
    from node.hosting.table import ProcessSpec

    path = tmp_path / "chatty.py"
    path.write_text(textwrap.dedent(CHATTY))
    sup = Supervisor(tmp_path / "data", "http://127.0.0.1:1", poll_interval=0.02, stop_timeout=2.0,
                     command=lambda spec: [sys.executable, spec.options["script"]], max_log_bytes=64 * 1024)
    try:
        sup.start(ProcessSpec(name="chatty", role="miner", options={"script": str(path)}))
        log = sup.log_path("chatty")
        wait_for(lambda: log.with_name("process.log.1").exists(), timeout=20, what="a rotated log")
        time.sleep(1.0)
        assert log.stat().st_size < 4 * 64 * 1024, log.stat().st_size
        assert sup.status("chatty")["state"] == "running"
    finally:
        sup.shutdown()


def test_the_node_log_rotates_and_stderr_follows(tmp_path):
    log = tmp_path / "node.log"
    program = f"""
        import logging, sys
        from node.logs import log_to_file
        log_to_file({str(log)!r}, max_bytes=20_000, backups=2)
        for i in range(2000):
            logging.getLogger("taonet.node").info("line %d %s", i, "y" * 50)
        sys.stderr.write("LAST WORDS ON STDERR\\n")
        sys.stderr.flush()
    """
    subprocess.run([sys.executable, "-c", textwrap.dedent(program)], check=True, timeout=60,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert log.stat().st_size <= 20_000 + 200
    assert (tmp_path / "node.log.1").exists() and (tmp_path / "node.log.2").exists()
    assert not (tmp_path / "node.log.3").exists()
    assert "LAST WORDS ON STDERR" in log.read_text()  # stderr writes to the current file, not a rotated one
