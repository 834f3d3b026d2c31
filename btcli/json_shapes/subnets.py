"""JSON shapes of `btcli subnets | sudo | weights | axon | utils …` (see btcli.json_shapes for the notation)."""
from __future__ import annotations

from btcli.json_shapes.notation import at
from btcli.json_shapes.staking import PREVIEW as _STAKE_PREVIEW

# a subnet's summary (taonet_subnets' entry; amounts in rao)
_SUBNET = """
netuid: int — subnet
name: str — its name
symbol: str — its token symbol
owner_coldkey: str — owner
owner_hotkey: str — owner's hotkey
registered_at: int — block it was created in
started: bool — its emission has started (subnets start)
first_emission_block: int|null — the block emission started (0/null: not yet)
tao_in: int — TAO in the pool, rao
alpha_in: int — alpha in the pool, rao
alpha_out: int — alpha outstanding (staked), rao
protocol_alpha: int — alpha owned by the protocol, rao
quote_weight: float — the pool's TAO weight
price: float — TAO per alpha
ema_price: float — the moving average price
emission_share: float — its share of the block emission
tao_emission: int — TAO injected per block, rao
alpha_emission: int — alpha emitted per block, rao
tempo: int — blocks per epoch
last_epoch_block: int — the block of its last epoch
blocks_until_next_epoch: int|null — blocks to its next epoch (null for root)
pending_epoch_at?: int|null — an epoch triggered early runs at this block (sudo trigger-epoch)
last_epoch_trigger?: int|null — the block of the last early trigger
last_trim?: int|null — the block its uids were last trimmed (sudo trim)
epoch_count: int — epochs run
burn: int — the registration burn, rao
registration_allowed: bool — registration is open
neurons: int — registered neurons
max_allowed_uids: int|null — the uid limit
subnet_volume: int — TAO traded through the pool, rao
lock_paid: int — TAO locked to create it, rao
registrations: int — registrations so far
pending: object — emission waiting for the next epoch, alpha rao
  server: int — for miners
  validator: int — for validators
  root: int — for root stakers
  owner: int — for the owner
"""

_NEURON = """
uid: int — uid
hotkey: str — its hotkey
coldkey: str — its owner
stake: int — its stake weight in TAO terms (alpha + root stake), rao
alpha_stake: int — alpha stake, rao
root_stake: int — root stake, rao
stake_weight: int — stake weight used by the epoch, u16
consensus: int — u16 (65535 = 1)
incentive: int — u16
dividends: int — u16
validator_trust: int — u16
active: bool — set weights within the activity cutoff
validator_permit: bool — holds a validator permit
emission: int — emission of the last epoch, alpha rao
daily_emission: int — emission per day at this rate, alpha rao
incentive_alpha: int — the incentive part of the emission, alpha rao
dividends_alpha: int — the dividends part, alpha rao
registered_at: int — block registered
last_update: int — block of its last weights
blocks_since_update: int — blocks since then
immune: bool — within the immunity period
recycled: bool — a hotkey of the subnet owner: its incentive is recycled
axon: object|null — its served axon (null when none)
  ip: str — IP address
  port: int — port
  ip_type: int — 4 or 6
  protocol: int — protocol number
  block: int — block it was served in
earned_emission: int — what the epoch's emission pays it, alpha rao
recycled_emission: int — the recycled part, alpha rao
daily_earned: int — earned per day, alpha rao
"""

_HYPERPARAMETERS = """
netuid: int — subnet
owner_coldkey: str — the subnet owner
hyperparameters: list[object] — each hyperparameter
  name: str — its name (the real btcli's)
  value: int|float|bool|str — its value as set (a fraction where the chain stores a u16 or u64 proportion; a name for an enum)
  raw: int|float|bool|str — the value stored on chain
  type: str — the stored type (u16, u64, bool, …)
  min: int|float|null — the least value the chain accepts
  max: int|float|null — the most
  owner_settable: bool — the subnet owner can set it (else only root)
  settable: bool — taonet can set it (sudo set)
  last_set: int|null — block it was last set by the owner
  storage: str — the chain's storage item
  note: str — what it does here, or why it cannot be set
  normalized_value: int|float|bool|str|null — the value as the real btcli shows it (proportions as fractions, burns in TAO; what sudo set --normalize takes)
"""

_SHOW = """
head: int — the block read
block_emission: int — TAO emitted per block, rao
n: int — neurons
subnet: object — the subnet's summary (as in subnets list)
""" + at(1, _SUBNET) + """
hyperparameters: object — {name: value} of every hyperparameter (as in sudo get)
  *: int|float|bool|str|null — a hyperparameter's value
neurons: list[object] — each neuron (sorted and limited by --sort, --reverse, --limit)
""" + at(1, _NEURON)

_SIGNED = """
success: bool — true
action: str — what was done (subnet created, started, registered)
extrinsic_identifier: str|null — <block>-<index> (the real btcli's key)
block_number: int — the block
hash: str — the extrinsic's hash
"""

_SUBNET_IDENTITY = """
subnet_name: str — name
github_repo: str — GitHub repository
subnet_contact: str — contact
subnet_url: str — URL
discord: str — Discord
description: str — description
logo_url: str — logo URL
additional: str — additional information
"""

_WEIGHTS = """
success: bool — true
message: str — what was done (the real btcli's key)
extrinsic_identifier: str|null — <block>-<index> (the real btcli's key)
action: str — set, commit or reveal
netuid: int — subnet
hotkey: str — the signing hotkey
"""

_AXON = """
success: bool — true
message: str — what was done (the real btcli's key)
extrinsic_identifier: str|null — <block>-<index> (the real btcli's key)
netuid: int — subnet
hotkey: str — the hotkey
ip: str — IP address (0.0.0.0 after a reset)
port: int — port
block_number: int — the block
"""

SHAPES: dict[str, str] = {
    "subnets list": """
head: int — the block read
block_emission: int — TAO emitted per block, rao
subnets: list[object] — every subnet, root (0) first
""" + at(1, _SUBNET),
    "subnets show": _SHOW,
    "subnets metagraph": _SHOW,
    "subnets price": """
head?: int — the block read (the current prices: without --interval-hours/--log-scale, or with --current)
prices?: list[object] — each subnet asked for (the current prices)
  netuid: int — subnet
  name: str — its name
  price: float — TAO per alpha
  ema_price: float — moving average price
  tao_in: int — TAO in the pool, rao
  alpha_in: int — alpha in the pool, rao
  quote_weight: float — the pool's TAO weight
  subnet_volume: int — TAO traded, rao
*: object — with --interval-hours/--log-scale: a subnet's price history, keyed by netuid (the real btcli's prices and stats)
  prices: list[float] — TAO per alpha over the window, oldest first (at most 600 evenly spaced samples)
  stats: object — the real btcli's stats (price ones over every sample in the window)
    current_price: float — the newest sample's price
    high: float — the window's highest price
    low: float — the window's lowest price
    change_pct: float — newest against oldest sample, percent
    supply: float — alpha in the pool plus outstanding
    market_cap: float — price × supply, TAO
    emission: float — TAO injected per block
    stake: float — alpha outstanding (staked)
    symbol: str — its token symbol
    name: str — its name
  blocks: list[int] — the block of each price
  samples: int — samples in the window (one a block the node recorded)
  history_start: int — the first sample's block (later than window_start: the node's history is shorter)
  window_start: int — the first block of the window asked
  head: int — the block read
  interval_hours: float — the window, hours
  block_time: float — the node's seconds per block (hours → blocks)
""",
    "subnets hyperparameters": _HYPERPARAMETERS,
    "sudo get": _HYPERPARAMETERS,
    "subnets burn-cost": """
head: int — the block read
lock_cost: int — TAO locked to create a subnet now, rao
subnets: list[object] — registration burn of each subnet (or of --netuid)
  netuid: int — subnet
  burn: int — the burn now, rao
  next_block_burn: int — the burn in the next block, rao
  min_burn: int — least burn, rao
  max_burn: int — most burn, rao
  neurons: int — registered neurons
  max_allowed_uids: int — the uid limit
  registration_allowed: bool — registration is open
burn_cost: object — the lock cost (the real btcli's key)
  rao: int — rao
  tao: float — TAO
error: str — empty (the real btcli's key)
""",
    "subnets create": _SIGNED + """
netuid: int — the new subnet
lock: float — TAO locked
owner_hotkey: str — the owner's hotkey (registered as uid 0)
identity: object|null — the subnet's identity now on chain (null: created without one)
""" + at(1, _SUBNET_IDENTITY) + """
""",
    "subnets start": _SIGNED + """
netuid: int — the subnet started
""",
    "subnets register": _SIGNED + """
msg: str — what was done (the real btcli's key)
netuid: int — subnet
uid: int — the uid given
hotkey: str — the hotkey registered
burn: float — TAO burned
""",
    "subnets check-start": """
netuid: int — subnet
registered_at: int — block it was created in
start_call_delay: int — blocks to wait before it can be started
earliest_start_block: int — the first block it can be started in
started: bool — already started
first_emission_block: int|null — the block emission started
can_start: bool — it can be started now
blocks_remaining: int — blocks to wait
current_block: int — the block read
network: str — the network
""",
    "subnets get-identity": """
(object) the subnet's identity; {} when it has none (as the real btcli)
""" + "\n".join(line.replace(":", "?:", 1) for line in _SUBNET_IDENTITY.strip().splitlines()) + """
netuid?: int — subnet
symbol?: str — its token symbol
network?: str — the network
""",
    "subnets set-identity": """
success: bool — true
error: str — empty
extrinsic_identifier: str|null — <block>-<index> (the real btcli's key)
block_number: int — the block
hash: str — the extrinsic's hash
netuid: int — subnet
identity: object|null — the identity now on chain
""" + at(1, _SUBNET_IDENTITY) + """
network: str — the network
""",
    "subnets set-symbol": """
success: bool — true
error: str — empty
extrinsic_identifier: str|null — <block>-<index> (the real btcli's key)
block_number: int — the block
hash: str — the extrinsic's hash
message: str — what was done
netuid: int — subnet
symbol: str — the new symbol
previous_symbol: str — the symbol before
""",
    "subnets scaffold": """
name: str — the subnet package's name
folder: str — the folder written
module: str — its Python module
pyproject: str — its pyproject.toml
install: str — the command that installs it
run: str — the command that runs it on a local network (installed)
run_without_install: str — the same, from the file
""",
    "sudo set": """
success: bool — true
err_msg: str — empty (the real btcli's key)
extrinsic_identifier: str|null — <block>-<index> (the real btcli's key)
netuid: int — subnet
param: str — the hyperparameter
value: int|float|bool|str — its value now
as_sudo: bool — set as root (sudo) rather than as the owner
block_number: int — the block
""",
    "sudo get-take": """
current_take: float — the delegate take, a fraction (the real btcli's key)
hotkey: str — the hotkey
owner: str|null — its coldkey
take: float — the same as current_take
take_u16: int — the take, u16
min_take: float — the least take the chain allows
max_take: float — the most
last_change: int|null — block of the last change
next_increase_block: int|null — the take can be raised again from this block
""",
    "sudo set-take": """
success: bool — true
extrinsic_identifier: str|null — <block>-<index> (the real btcli's key)
hotkey: str — the hotkey
previous: float — the take before, a fraction
take: float — the take now
take_u16: int — the take, u16
call: str — increase_take or decrease_take
block_number: int — the block
""",
    "weights set": _WEIGHTS + """
uids: list[int] — the uids weighted
weights: list[int] — their weights, u16
version_key: int — the version key sent
block_number: int — the block
""",
    "weights commit": _WEIGHTS + """
commit_hash: str — the hash committed
block_number: int — the block
reveal_epoch: int|null — the epoch it can be revealed in
reveal_from_block: int|null — about the first block to reveal in
reveal_until_block: int|null — about the last
salt_file: str — where the uids, weights and salt are kept for the reveal
""",
    "weights reveal": _WEIGHTS + """
commit_hash: str — the commit revealed
uids: list[int] — the uids
weights: list[int] — their weights, u16
block_number: int — the block
""",
    "subnets mechanisms count": """
netuid: int — subnet
count: int — its mechanisms (1: only the primary one)
error: str — empty (the real btcli's key)
""",
    "subnets mechanisms emissions": """
netuid: int — subnet
raw_count: int — mechanisms
visible_count: int — mechanisms besides the primary one
split: list[int] — each mechanism's share of the emission, u16 parts
percentages: list[float] — the same in percent
even_distribution: bool — no split is stored: the emission is shared evenly
""",
    "subnets mechanisms set": """
success: bool — true
message: str — what was done (the real btcli's key)
extrinsic_identifier: str|null — <block>-<index> (null: it already had that count, nothing signed)
error?: str — empty
block_number?: int — the block (when signed)
hash?: str — the extrinsic's hash (when signed)
netuid?: int — subnet (when signed)
count?: int — the mechanisms now (when signed)
previous_count?: int — before (when signed)
""",
    "subnets mechanisms split-emissions": """
success: bool — true
extrinsic_identifier: str|null — <block>-<index> (null: the split was already this, nothing signed)
message?: str — Emission split unchanged (nothing signed)
error?: str — empty (when signed)
err_msg?: str — empty (the real btcli's key, when signed)
block_number?: int — the block (when signed)
hash?: str — the extrinsic's hash (when signed)
split: list[int] — the split, u16 parts
percentages: list[float] — the same in percent
netuid?: int — subnet (when signed)
""",
    "sudo trigger-epoch": """
success: bool — true
message: str — what was done (the real btcli's key)
extrinsic_identifier: str|null — <block>-<index> (the real btcli's key)
block_number: int — the block
fires_at: int — the epoch runs at this block at the earliest
netuid: int — subnet
""",
    "sudo stake-burn": """
success: bool — true
message: str — what was done (the real btcli's key)
extrinsic_identifier: str|null — <block>-<index> (the real btcli's key)
block_number: int — the block
netuid: int — subnet
hotkey: str — the hotkey staked to
amount: float — TAO staked
alpha_burned: float|null — alpha bought and burned
preview: object — the stake as planned (as a stake add preview item)
""" + at(1, _STAKE_PREVIEW) + """
""",
    "sudo trim": """
success: bool — true
message: str — what was done (the real btcli's key)
extrinsic_identifier: str|null — <block>-<index> (the real btcli's key)
block_number: int — the block
netuid: int — subnet
max_uids: int — the uid limit now
trimmed_uids: list[int] — the uids removed
neurons: int — neurons left
""",
    "axon set": _AXON,
    "axon reset": _AXON,
    "utils convert": """
conversions: list[object] — each amount given
  from: object — what was given
    unit: str — TAO, rao or alpha
    amount: int|float — the amount
  to: object — what it is worth
    unit: str — TAO, rao or alpha
    amount: int|float — the amount
network?: str — the network read (with --netuid)
head?: int — the block read (with --netuid)
netuid?: int — the subnet whose price was used (with --netuid)
price?: float — that price, TAO per alpha (with --netuid)
""",
}
