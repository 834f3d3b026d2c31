"""Proxies on the Substrate façade: real SCALE Proxy.add_proxy / Proxy.proxy extrinsics (as the real
SDK signs them) apply to taonet's proxy pallet, and Proxy.Proxies, System.Account's reserved
balance and Balances.TotalIssuance read back through state_getStorage with the spec-461 metadata."""
from __future__ import annotations

from types import SimpleNamespace

from node import proxy_rules
from node.builder import ChainBuilder, address_of
from node.substrate import ingest, storage_rpc
from node.substrate.codec import codec
from tests.economics.conftest import economy_spec
from tests.node.substrate.test_ingest import TAO, runtime, scale  # noqa: F401  (the runtime fixture)


def q(chain, pallet: str, item: str, params):
    c = codec()
    key = "0x" + c.storage_key(pallet, item, list(params)).hex()
    raw = storage_rpc.get_storage(SimpleNamespace(chain=chain), [key])
    return c.decode_storage_value(pallet, item, None if raw is None else bytes.fromhex(raw[2:]))


def test_real_proxy_extrinsics_and_storage(tmp_path, runtime):  # noqa: F811
    b = ChainBuilder(tmp_path / "chain", economy_spec())
    try:
        alice, bob, dave = address_of("alice"), address_of("bob"), address_of("dave")
        issuance = q(b.chain, "Balances", "TotalIssuance", ())
        ingest.submit(b.chain, scale(runtime, b.chain, "alice", "proxy.add_proxy",
                                     {"delegate": bob, "proxy_type": "Transfer", "delay": 0}))
        b.block()
        assert b.last.results[-1].success, b.last.results[-1].message
        defs, deposit = q(b.chain, "Proxy", "Proxies", (alice,))
        assert [(d["delegate"], d["proxy_type"], d["delay"]) for d in defs] == [(bob, "Transfer", 0)]
        assert deposit == proxy_rules.PROXY_DEPOSIT_BASE + proxy_rules.PROXY_DEPOSIT_FACTOR
        assert q(b.chain, "System", "Account", (alice,))["data"]["reserved"] == deposit
        fee = next(d["actual_fee"] for _, n, d in b.last.events if n == "transaction_payment.TransactionFeePaid")
        assert q(b.chain, "Balances", "TotalIssuance", ()) == issuance - fee  # the deposit is still issued
        before = b.free("dave")
        send = {"call": "balances.transfer_keep_alive", "args": {"dest": dave, "value": TAO}}
        ingest.submit(b.chain, scale(runtime, b.chain, "bob", "proxy.proxy",
                                     {"real": alice, "force_proxy_type": None, "call": send}))
        b.block()
        executed = [d for _, n, d in b.last.events if n == "proxy.ProxyExecuted"]
        assert executed == [{"success": True}] and b.free("dave") == before + TAO
        assert q(b.chain, "Proxy", "Proxies", (dave,)) == ([], 0)  # absent: the metadata's default
    finally:
        b.close()
