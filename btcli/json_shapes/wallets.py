"""JSON shapes of `btcli wallet …` (see btcli.json_shapes for the notation)."""
from __future__ import annotations

from btcli.json_shapes.notation import at

# wallet create, new-coldkey, new-hotkey, regen-*: the real btcli's {success, data, error}, then taonet's keys
_CREATED = """
success: bool — true
data: object — the wallet as the real btcli reports it
  name: str — wallet name
  path: str — the wallets folder (--wallet-path)
  hotkey: str — hotkey name
  hotkey_ss58: str|null — the hotkey's address (null when the wallet has no such hotkey)
  coldkey_ss58: str|null — the coldkey's address (null when the wallet has no coldkeypub)
error: str — empty
wallet: str — wallet name
keys: list[object] — each key file written
  role: str — coldkey or hotkey
  name: str — the wallet's name (coldkey) or the hotkey's name
  path: str — the key file
  ss58_address: str — its address
  encrypted: bool — whether the file is encrypted with a password
  mnemonic: str|null — the generated mnemonic, shown once (null when the key came from --uri, a mnemonic, a seed or a backup)
  keyring_note: str|null — where the password was stored with --use-keyring
"""

_IDENTITY = """
name: str — display name
url: str — web URL
github_repo: str — GitHub repository
image: str — image URL
discord: str — Discord handle
description: str — description
additional: str — additional information
"""

_NEURON = """
netuid: int — subnet
uid: int — the hotkey's uid on it
stake: int — alpha stake on the hotkey, rao
emission: int — emission of the last epoch, alpha rao
daily_emission: int — emission per day at this rate, alpha rao
incentive: int — incentive, u16 (65535 = 1)
dividends: int — dividends, u16
validator_permit: bool — holds a validator permit
rank: int — position by emission on the subnet (1 = most)
of: int — neurons on the subnet
recycled: bool — the hotkey is the subnet owner's: its incentive is recycled, not paid
earned_emission: int — what the epoch's emission pays it, alpha rao
recycled_emission: int — what of it the chain recycles, alpha rao
daily_earned: int — earned per day at this rate, alpha rao
"""

# taonet_stakeInfo's rows, as the node gives them (amounts in rao)
STAKE_ROW = """
coldkey: str — the staking coldkey
hotkey: str — the hotkey staked on
netuid: int — subnet
uid: int|null — the hotkey's uid there (null when not registered)
alpha: int — alpha held, rao
shares: int — shares of the hotkey's pool (the chain's share accounting)
price: float — the subnet's price, TAO per alpha
tao_value: int — what the alpha is worth at that price, rao
"""

# a coldkey swap announcement (the real btcli's keys)
_ANNOUNCEMENT = """
coldkey: str — the coldkey that announced
new_coldkey_hash: str — BlakeTwo256 of the new coldkey's public key
execution_block: int — the swap can be executed from this block
status: str — pending, ready or disputed
time_remaining_blocks: int — blocks until it can be executed
disputed_block: int|null — the block it was disputed in
clear_block: int — the announcement can be withdrawn from this block
clear_remaining_blocks: int — blocks until then
"""

SHAPES: dict[str, str] = {
    "wallet create": _CREATED,
    "wallet new-coldkey": _CREATED,
    "wallet new-hotkey": _CREATED,
    "wallet regen-coldkey": _CREATED,
    "wallet regen-coldkeypub": _CREATED,
    "wallet regen-hotkey": _CREATED,
    "wallet regen-hotkeypub": _CREATED,
    "wallet list": """
wallet_path: str — the wallets folder
wallets: list[object] — each wallet, by name
  name: str — wallet name
  ss58_address: str|null — the coldkey's address (the real btcli's key; null without a coldkeypub)
  crypto_type: str|null — sr25519 or ed25519 (the real btcli's key)
  coldkey_ss58: str|null — the same address (taonet's key)
  coldkey_encrypted: bool|null — whether the coldkey file is encrypted (null when there is none)
  hotkeys?: list[object] — its hotkeys (left out with --coldkeys-only)
    name: str — hotkey name
    ss58_address: str|null — its address
    crypto_type: str|null — sr25519 or ed25519 (the real btcli's key)
""",
    "wallet sign": """
signed_message: str — the signature, 64 bytes in hex without 0x (the real btcli's key)
signer_address: str — the signer's address (the real btcli's key)
message: str — the message signed (UTF-8)
signer: str — the signer's address (taonet's key)
signature: str — the signature, 0x-hex (taonet's key)
""",
    "wallet verify": """
verified: bool — whether the signature is valid (the real btcli's key; exit 1 when not)
signer: str — the signer's address
message: str — the message
crypto_type?: str — sr25519 or ed25519, present when the signature is valid
valid: bool — the same as verified (taonet's key)
""",
    "wallet encrypt": """
success: bool — true
data: object
  recipient: str — the recipient's address (an ED25519 key)
  ciphertext_hex: str — the sealed box in hex, without 0x: ephemeral X25519 key, tag, ciphertext
""",
    "wallet decrypt": """
success: bool — true
data: object
  recipient: str — the address of the key that decrypted it
  plaintext: str|null — the message as UTF-8 (null when it is not UTF-8)
  plaintext_hex: str — the message's bytes in hex
""",
    "wallet env-password": """
name: str — the variable's name, BT_PW_ and the key file's path
value: str — its value (base64 of the password XOR the name)
""",
    "wallet balance": """
network: str — the network read
balances: map[object] — one entry per wallet name (or address given with --ss58)
  coldkey: str — the coldkey's address
  free: float — free balance, TAO
  staked: float — value of all its stake at current prices, TAO
  total: float — free + staked, TAO
totals: object — the sums over all entries
  free: float — TAO
  staked: float — TAO
  total: float — TAO
""",
    "wallet transfer": """
success: bool — true
extrinsic_identifier: str|null — <block>-<index> of the transfer (the real btcli's key)
hash: str — the extrinsic's hash
block_number: int — the block it is in
block_hash: str — that block's hash
from: str — sender
to: str — destination
amount: float — TAO sent
amount_rao: int — rao sent
fee: float — transaction fee paid, TAO
fee_rao: int — the fee, rao
balance_before: float — the sender's free balance before, TAO
balance_after: float — after, TAO
balance_after_rao: int — after, rao
""",
    "wallet overview": """
wallet: str — the wallet's name, or All with --all (the real btcli's key)
network: str — the network read (the real btcli's key)
total_balance: float — free balance of the wallets shown, TAO (the real btcli's key)
coldkey: str|null — the coldkey's address (null with --all)
free: float — free balance, TAO
staked: float — value of all stake at current prices, TAO
total: float — free + staked, TAO
nonce: int|null — the coldkey's account nonce (null with --all)
block: int — the block read
coldkeys: list[object] — each wallet shown
  wallet: str — wallet name
  coldkey: str — its address
  free: float — free balance, TAO
  staked: float — value of its stake, TAO
hotkeys: list[object] — the wallets' hotkeys (--include-hotkeys, --exclude-hotkeys, --netuids filter them)
  wallet: str — the wallet it belongs to
  name: str — hotkey name
  ss58_address: str|null — its address (null when its public key file is unreadable)
  netuids: list[int] — subnets it is registered on
  stake: float — value of the coldkey's stake on it, TAO
  neurons: list[object] — its neuron on each of those subnets
""" + at(2, _NEURON) + """
stakes: list[object] — every stake of the coldkeys (taonet_stakeInfo rows)
""" + at(1, STAKE_ROW) + """
subnets: list[object] — the same neurons by subnet, as the real btcli's overview (sorted by --sort-by)
  netuid: int — subnet
  tempo: int — its tempo
  name: str — its name
  symbol: str — its token symbol
  neurons: list[object] — the wallets' neurons on it
    coldkey: str — wallet name
    hotkey: str — hotkey name
    uid: int — uid
    active: bool — active
    stake: float — stake, TAO
    rank: null — (no rank on the chain any more)
    trust: null — (no trust on the chain any more)
    consensus: float — 0..1
    incentive: float — 0..1
    dividends: float — 0..1
    emission: int — emission per block, alpha rao
    validator_trust: float — 0..1
    validator_permit: bool — holds a validator permit
    last_update: int — blocks since its last weights
    axon: str|null — ip:port of its axon
    hotkey_ss58: str — its address
""",
    "wallet history": """
network: str — the network read
head: int — the best block
address: str — the coldkey whose transfers these are
transfers: list[object] — newest first
  block_number: int — block
  block_hash: str — its hash
  extrinsic_index: int|null — the transfer's index in the block
  extrinsic_id: str|null — <block>-<index>
  from: str — sender
  to: str — receiver
  amount: float — TAO
  amount_rao: int — rao
  direction: str — in, out or self
next_before: int|null — pass as --before-block for the next page (null: no more)
""",
    "wallet inspect": """
network: str — the network read
head: int — the best block
coldkeys: list[object] — each coldkey inspected
  name: str|null — wallet name (null for an --ss58 address)
  coldkey: str — its address
  hotkeys: list[object] — the wallet's hotkeys
    name: str — hotkey name
    ss58_address: str|null — its address
    netuids: list[int] — subnets it is registered on
  free: float — free balance, TAO
  identity: object|null — its on-chain identity (null when none)
""" + at(2, _IDENTITY) + """
  staked: float — value of its stake, TAO
  stakes: list[object] — its stakes (--netuids filters them)
    hotkey: str — the hotkey staked on
    netuid: int — subnet
    uid: int|null — the hotkey's uid there
    alpha: float — alpha held
    alpha_rao: int — the same, rao
    tao_value: float — its value at the subnet's price, TAO
""",
    "wallet set-identity": """
success: bool — true
error: str — empty
extrinsic_identifier: str|null — <block>-<index>
block_number: int — the block
hash: str — the extrinsic's hash
identity: object|null — the identity now on chain
""" + at(1, _IDENTITY) + """
address: str — the coldkey
network: str — the network
""",
    "wallet get-identity": """
(object) the identity; {} when the coldkey has none (as the real btcli)
name?: str — display name
url?: str — web URL
github_repo?: str — GitHub repository
image?: str — image URL
discord?: str — Discord handle
description?: str — description
additional?: str — additional information
address?: str — the coldkey
network?: str — the network
""",
    "wallet swap-hotkey": """
success: bool — true
extrinsic_identifier: str|null — <block>-<index> (the real btcli's key)
old_hotkey: str — the hotkey swapped out
new_hotkey: str — the hotkey that holds its uids, stake and childkeys now
netuid: int|null — the one subnet swapped on (null: every subnet)
cost: float — TAO recycled
block_number: int — the block
""",
    "wallet swap-coldkey": """
(object) for announce, execute, dispute and clear (check prints what swap-check prints)
success: bool — true
action?: str — announce, execute, dispute or clear
coldkey?: str — the coldkey swapped
new_coldkey?: str|null — the new coldkey (announce, execute)
extrinsic_identifier?: str|null — <block>-<index> (the real btcli's key)
block_number?: int — the block
announcement?: object|null — the announcement now (null when none stands)
""" + at(1, _ANNOUNCEMENT) + """
current_block?: int — check: the block read
announcements?: list[object] — check: as swap-check
""" + at(1, _ANNOUNCEMENT),
    "wallet swap-check": """
success: bool — true
current_block: int — the block read
announcements: list[object] — pending coldkey swap announcements (one coldkey's, or all)
""" + at(1, _ANNOUNCEMENT),
    "wallet associate-hotkey": """
success: bool — true
extrinsic_identifier: str|null — <block>-<index> (null when it was already associated: nothing signed)
hotkey: str — the hotkey
coldkey: str — the coldkey it now belongs to
already_associated: bool — true when nothing had to be signed
block_number?: int — the block (when signed)
hash?: str — the extrinsic's hash (when signed)
""",
}
