"""JSON shapes of `btcli node | localnet | miner | validator | config | consensus …` (see
btcli.json_shapes for the notation)."""
from __future__ import annotations

from btcli.json_shapes.notation import at

_CONFIG = """
path: str — taonet's config file
btcli_path?: str — the real btcli's config.yml, read for defaults
settings: map[object] — {setting: …} for each setting shown (or changed)
  value: any — its value
  source: str — where it comes from: config, btcli config.yml or default
"""

# a hosted process (node/hosting/supervisor.py's status)
_PROCESS = """
name: str — the process's name
role: str — miner or validator
subnet: str — the subnet code it runs
netuid: int — subnet
wallet_name: str — its wallet
hotkey: str — its hotkey
port: int|null — its axon port
options: map[str] — its --option values
state: str — running, stopped, backoff or exited
desired: str — running or stopped
pid: int|null — its pid while running
started_at: float|null — when it started (Unix time)
uptime_s: float|null — seconds running
restarts: int — restarts so far
last_exit_code: int|null — its last exit status
log: str — its log file
restart_in_s?: float — seconds to the next restart (backoff)
report: object|null — what it wrote about itself (status.json: scores, last weights block, …)
  *: any — the subnet code's own keys
"""

_NODE_INFO = """
pid: int — the node's pid
rpc_url: str — its JSON-RPC URL
chain: str — chain name
genesis_hash: str — genesis hash
block_time: float — seconds per block
data_dir: str — its data dir
started: float — when it started (Unix time)
"""

SHAPES: dict[str, str] = {
    "config get": _CONFIG,
    "config set": _CONFIG,
    "config clear": _CONFIG,
    "consensus epoch": """
(object) the epoch's outputs per uid, in the test vectors' expected_fixed layout (integers as the chain keeps them)
dividends_u16: list[int] — dividends, u16
incentive_u16: list[int] — incentive, u16
consensus_u16: list[int] — consensus, u16
validator_trust_u16: list[int] — validator trust, u16
stake_weight_u16: list[int] — stake weight, u16
new_validator_permit: list[bool] — validator permits after the epoch
server_emission: list[int] — miners' emission, rao
validator_emission: list[int] — validators' emission, rao
emission: list[int] — total emission, rao
active: list[bool] — active within the cutoff
bonds_u16: list[list[list[int]]] — bonds after the epoch, per validator sparse [uid, u16] pairs
""",
    "consensus simulate": """
version: str — YUMA1, YUMA2, YUMA3 or YUMA3_LIQUID
validators: list[str] — validator names
servers: list[str] — server names
epochs: list[object] — each epoch's outputs (floats)
  consensus: list[float] — per server
  incentive: list[float] — per server
  dividends_normalized: list[float] — per validator
  validator_trust: list[float] — per validator
  bonds_after: list[list[float]] — validator × server bonds
""",
    "node start": """
(object) with --detach (in the foreground the node runs until stopped and prints no JSON)
""" + _NODE_INFO + """
log: str — its log file
""",
    "node stop": """
stopped: bool — true
pid: int — the pid stopped
killed: bool — it had to be killed (--force, or it did not stop in time)
data_dir: str — its data dir
""",
    "node status": """
running: bool — a node runs on this data dir or URL (exit 1 when not)
data_dir?: str — the data dir (not with --network)
pid?: int|null — the node's pid
rpc_url?: str — its JSON-RPC URL
chain?: str|null — chain name (null when the data dir has no chain)
genesis_hash?: str — genesis hash
best_number?: int — best block
best_hash?: str — its hash
pool_size?: int — extrinsics waiting
block_time?: float — seconds per block
total_issuance_rao?: int — total issuance, rao
rpc?: str — why the RPC did not answer
hint?: str — another node that runs elsewhere
problem?: str — the data dir's chain cannot be read
""",
    "node logs": """
log: str — the log file
lines: list[str] — its last lines (--lines)
""",
    "node verify": """
ok: bool — every block replays to its recorded state root (exit 1 when not)
blocks: int — blocks replayed
extrinsics: int — extrinsics replayed
head_hash: str|null — the head's hash
state_root: str|null — the head's state root
problems: list[str] — what did not verify
repaired?: bool — with --repair: the head marker was rewritten
recorded_head?: int|null — with --repair: the head recorded before
head?: int — with --repair: the head the node continues from
lost?: str — with --repair: the recorded blocks that are lost
""",
    "node purge": """
purged: bool — the data dir was deleted (false when it did not exist)
data_dir: str — the data dir
""",
    "localnet up": """
rpc_url: str — the node's JSON-RPC URL
data_dir: str — its data dir
netuid: int|null — the demo subnet
wallet: str — the owner's wallet
steps: list[str] — what was done (or found done)
neurons: list[object] — the miners and validators
  name: str — wallet name
  role: str — miner or validator
  wallet: str — wallet name
  coldkey: str — its coldkey
  hotkey: str — its hotkey
processes: list[object] — the hosted processes started
""" + at(1, _PROCESS),
    "localnet status": """
running: bool — a localnet node runs (exit 1 when not)
data_dir: str — its data dir
rpc_url?: str — its JSON-RPC URL
pid?: int|null — its pid
subnets?: list[object] — the localnet's subnets (as in subnets list)
  *: any — see subnets list
processes?: list[object] — its hosted processes
""" + at(1, _PROCESS),
    "localnet down": """
stopped: bool — a node was stopped
purged: bool — the data dir was deleted (--purge)
data_dir: str — the data dir
pid?: int — the pid stopped
killed?: bool — it had to be killed
""",
}

for _role in ("miner", "validator"):
    SHAPES[f"{_role} start"] = """
(object) the process's status
""" + _PROCESS + """
already_running: bool — it was running already (nothing started)
"""
    SHAPES[f"{_role} stop"] = """
(object) the process's status after stopping
""" + _PROCESS + """
killed: bool — it had to be killed
removed: bool — it was forgotten (--remove)
"""
    SHAPES[f"{_role} list"] = """
role: str — miner or validator
head: int — the best block
processes: list[object] — the hosted processes of this role
""" + at(1, _PROCESS) + """
notes: list[object] — what to look at
  name: str — the process
  note: str — the note
"""
    SHAPES[f"{_role} logs"] = """
name: str — the process
path: str — its log file
lines: list[str] — the last lines (--lines)
offset: int — the byte offset after them
"""
