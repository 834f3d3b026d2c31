"""Hosting: the node runs miners and validators as supervised subprocesses.

  token       the admin token (a 0600 file in the data dir) that process control requires
  table       the process table (node bookkeeping in `processes.json`, never chain state)
  supervisor  spawning, restarting with backoff, crash-loop detection, stopping, status

The node only spawns `python -m subnets.run …` by name; it never imports the subnet layer.
"""
