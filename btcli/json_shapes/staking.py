"""JSON shapes of `btcli stake …` (see btcli.json_shapes for the notation)."""
from __future__ import annotations

from btcli.json_shapes.notation import at

# one planned item: what the chain would do (client.stake_preview.StakeItem), amounts in the unit paid
PREVIEW = """
action: str — add, remove, move, swap, transfer, unstake_all or unstake_all_alpha
coldkey: str — the signing coldkey
hotkey: str — the hotkey staked on (the origin hotkey of a move)
netuid: int|null — the subnet (the origin subnet of a move, swap or transfer; null: every subnet, unstake_all)
amount: float — amount paid in: TAO for add, alpha otherwise
dest_netuid: int|null — destination subnet (move, swap, transfer)
dest: str|null — destination hotkey (move) or coldkey (transfer)
status: str — ok, partial or refused
message: str — why refused or partial; empty when ok
price: float|null — the subnet's price, TAO per alpha
received: float|null — what would be received, in the unit received
amount_used: float|null — what of the amount would be used (less with a partial fill)
pool_fee: float — the pool's fee, in the unit paid
pool_fee_tao: float — the destination pool's fee in TAO (a move across subnets)
tx_fee: float|null — the transaction fee, TAO
price_impact: float|null — how far the price moves, a fraction
limit: int|null — the limit price the call carries (safe staking), in the chain's scale
allow_partial: bool — a partial fill is allowed
amount_rao: int — amount, rao
received_rao: int|null — received, rao
amount_used_rao: int|null — amount used, rao
pool_fee_rao: int — pool fee, rao
pool_fee_tao_rao: int — destination pool fee, rao
tx_fee_rao: int|null — transaction fee, rao
limit_rao: int|null — the same as limit
limit_price: float|null — the limit as a price, TAO per alpha
ok: bool — it would be submitted
"""

# what stake add/remove/move… add to each preview item
_LABELS = """
hotkey_label: str — the hotkey's name in the wallet, or its address
unit_in: str — τ or α (the unit paid)
unit_out: str — τ or α (the unit received)
"""

_RESULT = """
action: str — add, remove, move, swap, transfer, unstake_all or unstake_all_alpha
netuid: int|null — the subnet (origin; null: every subnet, unstake_all)
dest_netuid: int|null — destination subnet
hotkey: str — the hotkey
hotkey_label: str — its name in the wallet, or its address
unit_in: str — τ or α
unit_out: str — τ or α
status: str — success, failed or skipped (refused before signing)
message: str — why it failed or was skipped; a note otherwise
sent?: float|null — what was paid in (not when skipped)
received?: float|null — what was received
pool_fee?: float|null — the pool's fee
tx_fee?: float|null — the transaction fee, TAO
partial?: bool — only part was filled (safe staking with --allow-partial-stake)
block_number?: int|null — the block
extrinsic_identifier?: str|null — <block>-<index> (the real btcli's key)
error?: str|null — the chain's error name when it failed
"""

_OPERATION = """
action: str — stake add, stake remove, stake move, stake swap or stake transfer
network: str — the network
coldkey: str — the signing coldkey
safe_staking: bool — limit prices were used
tolerance: float — the rate tolerance
allow_partial_stake: bool — partial fills allowed
preview: list[object] — what was planned, one item per hotkey and subnet
""" + at(1, PREVIEW + _LABELS) + """
results: list[object] — what happened to each item (exit 1 when none succeeded)
""" + at(1, _RESULT) + """
balance_before: float — the coldkey's free balance before, TAO
balance_after: float — after, TAO
success: bool — at least one item succeeded
error?: str — why nothing succeeded (when success is false)
"""

_ADD = _OPERATION + """
staking_success: map[map[bool]] — {netuid: {hotkey: succeeded}} (the real btcli's key)
error_messages: map[map[str]] — {netuid: {hotkey: error or ""}} (the real btcli's key)
extrinsic_ids: map[map[str|null]] — {netuid: {hotkey: <block>-<index>}} (the real btcli's key)
"""

_MOVE = _OPERATION + """
extrinsic_identifier: str|null — <block>-<index> of the one call (the real btcli's key)
"""

_CHILD_LINK = """
hotkey: str — the child (or parent) hotkey
proportion: float — its share of the parent's stake, 0..1
proportion_u64: int — the same as the chain keeps it (of 2^64 - 1)
"""

_CHILD_SET = """
(map[object]) one entry per subnet (netuid as the key), as the real btcli
success: bool — the call succeeded
error: str|null — why it failed
completion_block: int|null — the children apply from this block (after the cooldown)
set_block: int|null — the block of the call
extrinsic_hash: str|null — the extrinsic's hash
extrinsic_identifier: str|null — <block>-<index>
"""

SHAPES: dict[str, str] = {
    "stake auto": """
(map[object]) one entry per subnet (netuid as the key), as the real btcli
subnet_name: str — the subnet's name
status: str — custom (a destination is set) or default (the incentive stays on the miner's hotkey)
destination: str|null — the hotkey the coldkey's mining incentive is staked to
identity: str|null — the identity name of that hotkey's owner
""",
    "stake set-auto": """
success: bool — true
error: str|null — why it failed
netuid: int — subnet
hotkey: str — the destination hotkey
extrinsic_identifier: str|null — <block>-<index> (the real btcli's key)
""",
    "stake add": _ADD,
    "stake remove": _OPERATION,
    "stake move": _MOVE,
    "stake swap": _MOVE,
    "stake transfer": _MOVE,
    "stake list": """
coldkey: str — the coldkey
head: int — the block read
stakes: list[object] — each stake
  coldkey: str — the coldkey
  hotkey: str — the hotkey staked on
  netuid: int — subnet
  uid: int|null — the hotkey's uid there
  alpha: float — alpha held
  shares: int — shares of the hotkey's pool
  price: float — TAO per alpha
  tao_value: float — what the alpha is worth at that price, TAO
  hotkey_label: str — the hotkey's name in the wallet, or its address
  alpha_rao: int — alpha, rao
  tao_value_rao: int — value, rao
total_value: float — the value of all of it, TAO
stake_info: map[list[object]] — {hotkey: its stakes} (the real btcli's key)
  netuid: int — subnet
  subnet_name: str — its name
  value: float — the stake's value at the subnet's price, TAO
  stake_value: float — alpha held
  rate: float — the price, TAO per alpha
  registered: bool — the hotkey holds a uid there
coldkey_address: str — the coldkey (the real btcli's key)
network: str — the network (the real btcli's key)
free_balance: float — the coldkey's free balance, TAO (the real btcli's key)
total_tao_value: float — free balance + the stake's value, TAO (the real btcli's key)
""",
    "stake claimable": """
coldkey: str — the coldkey
head: int — the block read
claim_type: str — Swap, Keep or KeepSubnets
keep_netuids: list[int] — with KeepSubnets: the subnets whose alpha is kept
threshold: float — the least alpha a claim pays
claimable: list[object] — root dividends waiting, per hotkey and subnet
  hotkey: str — the hotkey with root stake
  netuid: int — the subnet the dividends are from
  owed: float — alpha owed
  root_stake: float — the root stake earning it, TAO
  swap: bool — a claim sells it for root stake (else the alpha is kept)
  above_threshold: bool — a claim would pay it
  hotkey_label: str — the hotkey's name in the wallet, or its address
  owed_rao: int — owed, rao
  root_stake_rao: int — root stake, rao
totals: map[float] — {netuid: alpha owed}
""",
    "stake set-claim": """
success: bool — true
message: str — what was set
extrinsic_identifier: str|null — <block>-<index> (the real btcli's key)
coldkey: str — the coldkey
claim_type: str — Swap, Keep or KeepSubnets
keep_netuids: list[int] — with KeepSubnets: the subnets kept
previous: str — the claim type before
block_number: int — the block
""",
    "stake process-claim": """
action: str — stake process-claim
coldkey: str — the coldkey
claim_type: str — its claim type
netuids: list[int] — the subnets claimed on
claims: list[object] — what each claim paid
  hotkey: str — the hotkey
  netuid: int — the subnet
  alpha: float — alpha claimed
  tao: float — TAO staked on root for it (0 when kept)
  kept: bool — kept as alpha
  hotkey_label: str — the hotkey's name in the wallet, or its address
  alpha_rao: int — alpha, rao
  tao_rao: int — TAO, rao
results: list[object] — each claim_root call
  subnets: list[int] — the subnets it claimed on
  success: bool — it succeeded
  error: str|null — the chain's error name
  message: str|null — the chain's words
  block_number: int|null — the block
  extrinsic_identifier: str|null — <block>-<index>
extrinsic_identifier: str|null — of the first call (the real btcli's key; null when nothing was signed)
message?: str — nothing to claim, or what failed
success: bool — every call succeeded (or there was nothing to claim)
""",
    "stake child get": """
hotkey: str — the parent hotkey
hotkey_name: str — its name in the wallet, or its address
network: str — the network
netuid: int|null — the subnet asked for (null: all)
head: int — the block read
subnets: list[object] — each subnet with children, pending children or parents
  netuid: int — subnet
  children: list[object] — the children in force
""" + at(2, _CHILD_LINK) + """
  pending: object|null — children set but waiting for the cooldown
    children: list[object] — the pending children
""" + at(3, _CHILD_LINK) + """
    cooldown_block: int — they apply from this block
  childkey_take: float — the hotkey's childkey take, a fraction
  childkey_take_u16: int — the same, u16
  parents: list[object] — the hotkey's parents
""" + at(2, _CHILD_LINK) + """
  next_set_children_block: int — children can be set again from this block
""",
    "stake child set": _CHILD_SET,
    "stake child revoke": _CHILD_SET,
    "stake child take": """
(list[object]) one item per subnet
netuid: int — subnet
hotkey?: str — the hotkey (when reading the take)
success?: bool — the call succeeded (when setting)
take: float — the childkey take, a fraction
take_u16: int — the same, u16
block_number?: int|null — the block (when setting)
extrinsic_identifier?: str|null — <block>-<index> (when setting)
error?: str|null — why it failed (when setting)
""",
}
