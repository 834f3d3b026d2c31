"""btcli.chain's signing order helpers: a person's confirmation is re-quoted (and asked again when
the outcome changed), and a call the balance cannot pay for is refused in TAO before signing."""
from __future__ import annotations

import time

import pytest
import typer

from btcli import chain as btchain
from btcli import output
from client.taonet import TaonetBackend
from node.builder import dev_key
from tests.node.fixtures import manual_node  # noqa: F401


def slow_yes(seconds: float):
    def confirm(question: str, no_prompt: bool, default: bool = False, real_money: bool = False) -> bool:
        time.sleep(seconds)
        return True
    return confirm


def test_a_slow_answer_is_requoted_and_asked_again_only_when_the_outcome_changed(monkeypatch):
    output.configure(False, True)
    quotes = iter([1, 1, 2, 3, 3])
    shown: list[int] = []
    monkeypatch.setattr(output, "confirm", slow_yes(0.05))
    same = btchain.confirm_fresh(lambda: next(quotes), shown.append, "?", False, lambda a, b: a != b, max_age=0.01)
    assert same == 1 and shown == [1]  # re-quoted, unchanged: no second question
    moved = btchain.confirm_fresh(lambda: next(quotes), shown.append, "?", False, lambda a, b: a != b, max_age=0.01)
    assert moved == 3 and shown == [1, 2, 3]  # 2 moved to 3: shown and asked again, then kept
    monkeypatch.setattr(output, "confirm", lambda *a, **k: False)
    with pytest.raises(typer.Abort):
        btchain.confirm_fresh(lambda: 3, shown.append, "?", False, lambda a, b: a != b)


def test_only_an_answer_not_waited_on_keeps_its_quote(monkeypatch):
    """--no-prompt/JSON answers at once and signs the quote shown; a person's answer (seconds, while
    the demo localnet's price moves about 0.1% a second) is quoted again with the default max age."""
    output.configure(False, True)
    calls: list[int] = []
    monkeypatch.setattr(output, "confirm", slow_yes(0))
    assert btchain.confirm_fresh(lambda: calls.append(1) or len(calls), lambda q: None, "?", False,
                                 lambda a, b: True) == 1 and calls == [1]
    calls.clear()
    monkeypatch.setattr(output, "confirm", slow_yes(0.5))
    assert btchain.confirm_fresh(lambda: calls.append(1) or len(calls), lambda q: None, "?", False,
                                 lambda a, b: False) == 2 and calls == [1, 1]


def test_require_funds_says_what_is_missing_in_tao(manual_node):  # noqa: F811
    from btcli.errors import CliError
    from wallet.keypair import Keypair

    alice = dev_key("alice").ss58_address
    with TaonetBackend(manual_node.url) as rpc:
        chain = rpc
        args = {"dest": alice, "value": 10**9}
        fee = btchain.require_funds(chain, alice, "balances.transfer_keep_alive", args, spend=10**9)
        assert 0 < fee < 10**9
        poor = Keypair.from_uri("//NobodyWithTao").ss58_address
        with pytest.raises(CliError) as err:
            btchain.require_funds(chain, poor, "balances.transfer_keep_alive", args, spend=2 * 10**9, what="send")
    message = str(err.value)
    assert "balance too low to send" in message and "τ0.000000000" in message and "τ2.000000000 + fee τ0.000" in message
    assert "btcli wallet transfer" in message and manual_node.url in message and "rao" not in message
