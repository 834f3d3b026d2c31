"""Key swaps: the read (`taonet_keySwapStatus`, answered by a taonet node and by the subtensor
backend from the runtime's storage with the same shape) and the pre-flight checks of `swap_hotkey`,
`announce_coldkey_swap`, `swap_coldkey_announced`, `clear_coldkey_swap_announcement` and
`dispute_coldkey_swap`, each a `client.preflight.Problem` or None, in the chain's order
(node.runtime.swap_hotkey / swap_coldkey restate the rules). The balance for a swap's cost is
checked with the fee by the caller (btcli.chain.require_funds).
"""
from __future__ import annotations

from hashlib import blake2b
from typing import Any

from client.preflight import Problem
from client.subnets import HotkeyOwner

BLOCK_SECONDS = 12
# the calls a coldkey with an announced swap may still sign (the chain's CheckColdkeySwap)
SWAP_CALLS = frozenset({"subtensor.announce_coldkey_swap", "subtensor.swap_coldkey_announced",
                        "subtensor.dispute_coldkey_swap", "subtensor.clear_coldkey_swap_announcement"})


def status(backend: Any, coldkey: str | None = None) -> dict[str, Any]:
    """{head, key_swap_cost, key_swap_on_subnet_cost, tx_rate_limit, hotkey_swap_on_subnet_interval,
    announcement_delay, reannouncement_delay, [coldkey, last_tx_block,] announcements: [{coldkey,
    new_coldkey_hash, execution_block, status, time_remaining_blocks, disputed_block, clear_block,
    clear_remaining_blocks}]}."""
    return backend.call("taonet_keySwapStatus", coldkey) if coldkey else backend.call("taonet_keySwapStatus")


def coldkey_hash(ss58: str) -> str:
    """BlakeTwo256 of the coldkey's public key (0x-hex): what an announcement stores."""
    from wallet.ss58 import decode

    return "0x" + blake2b(decode(ss58), digest_size=32).hexdigest()


def blocks_text(blocks: int) -> str:
    """`N blocks (~time)` at 12 s a block."""
    seconds = max(0, blocks) * BLOCK_SECONDS
    if seconds < 3600:
        about = f"{seconds // 60} min"
    elif seconds < 86_400:
        about = f"{seconds / 3600:.1f} h"
    else:
        about = f"{seconds / 86_400:.1f} days"
    return f"{blocks} block{'s' if blocks != 1 else ''} (~{about})"


# -- swap_hotkey -----------------------------------------------------------------------------------
def hotkey_swap_blocked(old: HotkeyOwner, new: HotkeyOwner, coldkey: str, netuid: int | None,
                        info: dict[str, Any]) -> Problem | None:
    """swap_hotkey would fail (or do nothing): ownership, same key, where the old hotkey is
    registered, the coldkey's TxRateLimit, the new hotkey already registered there."""
    if old.get("coldkey") != coldkey:
        owner = old.get("coldkey")
        return Problem("subtensor.NonAssociatedColdKey",
                       f"hotkey {old['hotkey']} is " + (f"owned by {owner}" if owner else "not registered anywhere")
                       + f", not by this wallet's coldkey {coldkey}: swap a hotkey of this wallet that is registered")
    if new.get("coldkey") not in (None, coldkey):
        return Problem("subtensor.NonAssociatedColdKey",
                       f"the new hotkey {new['hotkey']} belongs to coldkey {new['coldkey']}: use a new hotkey of this "
                       f"wallet (`btcli wallet new-hotkey`)")
    if old["hotkey"] == new["hotkey"]:
        return Problem("subtensor.NewHotKeyIsSameWithOld", "the new hotkey is the hotkey being swapped: name another one")
    registered = old.get("netuids") or []
    if netuid is not None and netuid not in registered:
        return Problem("subtensor.HotKeyNotRegisteredInSubNet",
                       f"hotkey {old['hotkey']} is not registered on subnet {netuid} (it is on "
                       f"{', '.join(map(str, registered)) or 'none'}): pick one of those or swap on all subnets")
    if not registered:
        return Problem("subtensor.HotKeyNotRegisteredInNetwork",
                       f"hotkey {old['hotkey']} is not registered on any subnet: register it first, there is nothing to swap")
    last, limit, head = int(info.get("last_tx_block") or 0), int(info.get("tx_rate_limit") or 0), int(info["head"])
    if limit and last and head + 1 - last <= limit:
        wait = last + limit + 1 - head
        return Problem("subtensor.HotKeySetTxRateLimitExceeded",
                       f"this coldkey swapped a key at block {last}; the next key swap is allowed from block "
                       f"{last + limit + 1}, in {blocks_text(wait)}: try again then")
    taken = new.get("netuids") or []
    if (netuid is None and taken) or (netuid is not None and netuid in taken):
        where = f"subnet {netuid}" if netuid is not None else f"subnet(s) {', '.join(map(str, taken))}"
        return Problem("subtensor.HotKeyAlreadyRegisteredInSubNet",
                       f"the new hotkey {new['hotkey']} is already registered on {where}: use a new, unregistered "
                       f"hotkey (`btcli wallet new-hotkey`)")
    return None


def root_not_clean(new_root_pool: dict[str, Any] | None, netuid: int | None) -> Problem | None:
    """A swap touching root (everywhere, or netuid 0) onto a hotkey that already has root stake
    (taonet_nominators of the new hotkey on root; None when it cannot be read)."""
    if netuid not in (None, 0) or not new_root_pool or not (new_root_pool.get("pool_alpha") or new_root_pool.get("pool_shares")):
        return None
    return Problem("subtensor.NewHotKeyNotCleanForRootSwap",
                   f"the new hotkey {new_root_pool['hotkey']} already has root stake: swap onto a fresh hotkey "
                   "(or, with --netuid, on a subnet other than root)")


def hotkey_swap_cost(info: dict[str, Any], netuid: int | None) -> int:
    """The TAO (rao) the swap recycles: KeySwapCost everywhere, KeySwapOnSubnetCost on one subnet."""
    return int(info["key_swap_cost"] if netuid is None else info["key_swap_on_subnet_cost"])


# -- the coldkey swap --------------------------------------------------------------------------------
def _mine(info: dict[str, Any]) -> dict[str, Any] | None:
    found = info.get("announcements") or []
    return found[0] if found else None


def announce_blocked(info: dict[str, Any], new_coldkey: str, coldkey: str, new_owner: HotkeyOwner,
                     new_has_stake: bool) -> Problem | None:
    """announce_coldkey_swap would fail, or its swap could never execute: the new coldkey is this
    one, a hotkey, or already stakes; a standing announcement cannot be replaced yet; disputed."""
    if new_coldkey == coldkey:
        return Problem("subtensor.SameColdkey", "the new coldkey is this wallet's coldkey: name another one")
    if new_owner.get("coldkey") is not None:
        return Problem("subtensor.NewColdKeyIsHotkey", f"{new_coldkey} is a hotkey (owned by {new_owner['coldkey']}): "
                       "swap to a coldkey that is not a hotkey")
    if new_has_stake:
        return Problem("subtensor.ColdKeyAlreadyAssociated",
                       f"the new coldkey {new_coldkey} already has stake: the swap would be refused; use a new coldkey")
    mine = _mine(info)
    if mine is None:
        return None
    if mine.get("disputed_block") is not None:
        return Problem("subtensor.ColdkeySwapDisputed",
                       f"this coldkey's swap was disputed at block {mine['disputed_block']}: every call is refused until "
                       "root resets it")
    head = int(info["head"])
    if head + 1 < mine["clear_block"]:
        return Problem("subtensor.ColdkeySwapReannouncedTooEarly",
                       f"a swap is already announced (executable from block {mine['execution_block']}); a new announcement "
                       f"is allowed from block {mine['clear_block']}, in {blocks_text(mine['clear_block'] - head - 1)}")
    return None


def announce_cost(info: dict[str, Any]) -> int:
    """KeySwapCost on the first announcement; a re-announcement is free."""
    return 0 if _mine(info) else int(info["key_swap_cost"])


def execute_blocked(info: dict[str, Any], new_coldkey: str) -> Problem | None:
    """swap_coldkey_announced would fail: no announcement, disputed, another coldkey announced, too early."""
    mine = _mine(info)
    if mine is None:
        return Problem("subtensor.ColdkeySwapAnnouncementNotFound",
                       f"coldkey {info.get('coldkey')} has no swap announcement: announce first "
                       f"(`btcli wallet swap-coldkey announce --new-coldkey {new_coldkey}`)")
    if mine.get("disputed_block") is not None:
        return Problem("subtensor.ColdkeySwapDisputed",
                       f"this coldkey's swap was disputed at block {mine['disputed_block']}: root must reset it")
    if coldkey_hash(new_coldkey) != mine["new_coldkey_hash"]:
        return Problem("subtensor.AnnouncedColdkeyHashDoesNotMatch",
                       f"{new_coldkey} is not the coldkey announced (announced hash {mine['new_coldkey_hash']}): use the "
                       "same new coldkey as in the announcement")
    head = int(info["head"])
    if head + 1 < mine["execution_block"]:
        return Problem("subtensor.ColdkeySwapTooEarly",
                       f"the swap can execute from block {mine['execution_block']}, in "
                       f"{blocks_text(mine['execution_block'] - head - 1)} (now block {head}): run execute again then")
    return None


def clear_blocked(info: dict[str, Any]) -> Problem | None:
    """clear_coldkey_swap_announcement would fail: none, disputed, before the reannouncement delay."""
    mine = _mine(info)
    if mine is None:
        return Problem("subtensor.ColdkeySwapAnnouncementNotFound",
                       f"coldkey {info.get('coldkey')} has no swap announcement: there is nothing to clear")
    if mine.get("disputed_block") is not None:
        return Problem("subtensor.ColdkeySwapDisputed", "this coldkey's swap is disputed: root must reset it")
    head = int(info["head"])
    if head + 1 < mine["clear_block"]:
        return Problem("subtensor.ColdkeySwapClearTooEarly",
                       f"the announcement can be cleared from block {mine['clear_block']}, in "
                       f"{blocks_text(mine['clear_block'] - head - 1)}")
    return None


def dispute_blocked(info: dict[str, Any]) -> Problem | None:
    """dispute_coldkey_swap would fail: no announcement, or already disputed."""
    mine = _mine(info)
    if mine is None:
        return Problem("subtensor.ColdkeySwapAnnouncementNotFound",
                       f"coldkey {info.get('coldkey')} has no swap announcement: there is nothing to dispute")
    if mine.get("disputed_block") is not None:
        return Problem("subtensor.ColdkeySwapAlreadyDisputed", f"already disputed at block {mine['disputed_block']}")
    return None


def swap_lock(info: dict[str, Any], call: str) -> Problem | None:
    """The chain refuses `call` from this coldkey: its swap is announced (only the swap calls pass)
    or disputed (nothing passes)."""
    mine = _mine(info)
    if mine is None or (call in SWAP_CALLS and mine.get("disputed_block") is None):
        return None
    who = info.get("coldkey")
    if mine.get("disputed_block") is not None:
        return Problem("subtensor.ColdkeySwapDisputed",
                       f"coldkey {who}'s swap was disputed at block {mine['disputed_block']}: the chain refuses every "
                       "call it signs until root resets the swap")
    return Problem("subtensor.ColdkeySwapAnnounced",
                   f"coldkey {who} announced a swap to a new coldkey (executable from block {mine['execution_block']}): "
                   "until it is executed (`btcli wallet swap-coldkey execute`) or cleared (`btcli wallet swap-coldkey "
                   f"clear`, from block {mine['clear_block']}) the chain refuses every other call it signs")
