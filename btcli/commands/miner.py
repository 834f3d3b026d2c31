"""`btcli miner start | stop | list | logs`: miners hosted by the local node."""
from __future__ import annotations

from btcli.commands.processes import group

app = group("miner")
