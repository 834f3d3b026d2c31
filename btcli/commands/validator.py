"""`btcli validator start | stop | list | logs`: validators hosted by the local node."""
from __future__ import annotations

from btcli.commands.processes import group

app = group("validator")
