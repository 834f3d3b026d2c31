"""The chain's failure messages name amounts in TAO and alpha, exactly, never raw rao."""
from __future__ import annotations

from node.builder import ChainBuilder
from node.runtime import amounts


def test_amounts_are_exact_decimal_tao_and_alpha():
    assert amounts.tao(1_234_500_000_000) == "τ1,234.5"
    assert amounts.tao(500) == "τ0.0000005"
    assert amounts.tao(0) == "τ0"
    assert amounts.alpha(3) == "α0.000000003"
    assert amounts.alpha(10**9 + 1) == "α1.000000001"
    assert amounts.tao(-1_500_000_000) == "τ-1.5"


def test_a_failed_transfer_says_its_amounts_in_tao(tmp_path):
    b = ChainBuilder(tmp_path)
    b.transfer("alice", "bob", b.free("alice") * 2).block()
    failed = [data for _, name, data in b.last.events if name == "system.ExtrinsicFailed"]
    assert failed, b.event_names()
    message = failed[0]["message"]
    assert "balance too low" in message and "τ" in message and "rao" not in message, message
    b.close()
