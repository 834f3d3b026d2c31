"""`btcli wallet | stake … --network ws://…` end to end against the fake subtensor (issue 15).

Every command runs as a real btcli subprocess with its own HOME and wallet folder; the node is
tests/substrate/fake_subtensor.py (spec-461 metadata, signatures verified, state in Python), one per
module. Each test reads the node's state before and after, so the order of the tests does not
matter. "Nothing signed" is checked on the node: the signer's nonce is unchanged and no extrinsic
reached the pool (`node.signed` records every extrinsic the pool accepted, decoded).
"""
from __future__ import annotations

import pytest

from tests.cli.helpers import json_of
from tests.cli.subtensor_cli import (
    M1,
    RAO,
    make_cli,
    nonce,
    one_line_error,
    recording,
    signed_cmd,
)
from tests.substrate.fake_state import EXISTENTIAL_DEPOSIT
from tests.substrate.fake_subtensor import ALICE, BOB, CHARLIE, FakeSubtensor


@pytest.fixture(scope="module")
def node():
    with FakeSubtensor(accounts={ALICE: 1_000_000 * RAO, BOB: 1_000 * RAO}) as fake:
        fake.register(1, M1, ALICE)
        yield recording(fake)


@pytest.fixture(scope="module")
def cli(tmp_path_factory, node):
    return make_cli(tmp_path_factory.mktemp("home"), node)


# -- wallet ---------------------------------------------------------------------------------------
def test_balance_in_tao_on_the_named_network(cli, node):
    free, staked = node.balance(ALICE), sum(a * node.state.subnets[n].price for (_, c, n), a in node.state.stakes.items()
                                            if c == ALICE)
    got = json_of(cli("wallet", "balance", *cli.wallet, *cli.net, "--json-output"))
    assert got["network"] == node.url
    assert got["balances"]["alice"]["free"] == free / RAO
    assert got["totals"]["staked"] == pytest.approx(staked / RAO)
    human = cli("wallet", "balance", *cli.wallet, *cli.net)
    assert human.returncode == 0 and f"Wallet balances on {node.url}" in human.stdout
    assert f"τ{free / RAO:,.9f}" in human.stdout and "rao" not in human.stdout


def test_the_network_from_bt_subtensor_network(cli, node):
    got = json_of(cli("wallet", "balance", *cli.wallet, "--json-output", extra_env={"BT_SUBTENSOR_NETWORK": node.url}))
    assert got["network"] == node.url and got["balances"]["alice"]["free"] == node.balance(ALICE) / RAO


def test_transfer_keep_alive_moves_exactly_the_amount(cli, node):
    before, charlie, n = node.balance(ALICE), node.balance(CHARLIE), nonce(node)
    done = signed_cmd(cli, "wallet", "transfer", "--dest", CHARLIE, "--amount", "1.5", "-y")
    assert done["success"] and done["amount_rao"] == 1_500_000_000
    assert node.balance(CHARLIE) == charlie + 1_500_000_000
    assert node.balance(ALICE) == before - 1_500_000_000 - done["fee_rao"] == done["balance_after_rao"]
    assert nonce(node) == n + 1
    ext = node.signed[-1]
    assert (ext.pallet, ext.function, ext.signer) == ("Balances", "transfer_keep_alive", ALICE)
    assert ext.args["value"] == 1_500_000_000


def test_transfer_all_keeps_the_existential_deposit(cli, node):
    json_of(cli("wallet", "create", "-p", cli.wallet[1], "--name", "charlie", "--uri", "//Charlie", "--no-use-password",
                "--json-output"))
    node.fund(CHARLIE, 3 * RAO)
    alice = node.balance(ALICE)
    done = json_of(cli("wallet", "transfer", "-p", cli.wallet[1], "--name", "charlie", *cli.net, "--dest", ALICE,
                       "--all", "-y", "--json-output"))
    assert node.signed[-1].function == "transfer_all" and node.signed[-1].args["keep_alive"] is True
    assert node.balance(ALICE) == alice + done["amount_rao"]
    assert node.balance(CHARLIE) == 3 * RAO - done["amount_rao"] - done["fee_rao"] == EXISTENTIAL_DEPOSIT


def test_transfer_beyond_the_balance_is_refused_and_nothing_is_signed(cli, node):
    n, signed = nonce(node), len(node.signed)
    error = one_line_error(cli("wallet", "transfer", *cli.wallet, *cli.net, "--dest", CHARLIE, "--amount", "5000000",
                               "-y", "--json-output"), "balance too low")
    assert node.url in error and "τ5,000,000.000000000" in error
    human = cli("wallet", "transfer", *cli.wallet, *cli.net, "--dest", CHARLIE, "--amount", "5000000", "-y")
    assert human.returncode == 1 and human.stderr.strip().count("\n") == 0 and "balance too low" in human.stderr.lower()
    assert (nonce(node), len(node.signed)) == (n, signed)


def test_json_without_no_prompt_on_a_real_chain_asks_for_it_and_signs_nothing(cli, node):
    n = nonce(node)
    one_line_error(cli("wallet", "transfer", *cli.wallet, *cli.net, "--dest", CHARLIE, "--amount", "1",
                       "--json-output"), "pass --no-prompt")
    assert nonce(node) == n


def test_a_signed_command_names_the_network_and_its_genesis(cli, node):
    shown = cli("wallet", "transfer", *cli.wallet, *cli.net, "--dest", CHARLIE, "--amount", "0.25", "-y")
    assert shown.returncode == 0, shown.stderr
    genesis = node.chain.hash_of(0)
    assert f"Network: {node.url} (genesis {genesis[:12]}…)" in shown.stderr
    assert "Transferred τ0.250000000" in shown.stdout


# -- stake ----------------------------------------------------------------------------------------
def test_stake_list_reads_the_chain(cli, node):
    listed = signed_cmd(cli, "stake", "list")
    rows = {(s["hotkey"], s["netuid"]): s for s in listed["stakes"]}
    assert rows[(BOB, 1)]["alpha_rao"] == node.stake(BOB, ALICE, 1)
    assert rows[(BOB, 1)]["hotkey_label"] == "bob" and rows[(BOB, 1)]["price"] == node.state.subnets[1].price


def test_safe_stake_add_carries_the_limit_the_real_btcli_computes(cli, node):
    staked, price = node.stake(BOB, ALICE, 1), node.state.subnets[1].price
    done = signed_cmd(cli, "stake", "add", "-H", "bob", "--netuid", "1", "--amount", "10", "--safe",
                      "--tolerance", "0.05", "-y")
    preview, result = done["preview"][0], done["results"][0]
    assert preview["limit_rao"] == int(price * 1.05 * RAO)  # floored, as the real btcli
    assert result["status"] == "success" and result["sent"] == 10.0
    ext = node.signed[-1]
    assert (ext.pallet, ext.function) == ("SubtensorModule", "add_stake_limit")
    assert (ext.args["limit_price"], ext.args["allow_partial"], ext.args["amount_staked"]) == \
        (preview["limit_rao"], False, 10 * RAO)
    assert node.stake(BOB, ALICE, 1) == staked + int(result["received"] * RAO) == staked + preview["received_rao"]


def test_stake_add_past_the_tolerance_is_refused_and_nothing_is_signed(cli, node):
    n, signed, staked = nonce(node), len(node.signed), node.stake(BOB, ALICE, 1)
    refused = signed_cmd(cli, "stake", "add", "-H", "bob", "--netuid", "1", "--amount", "1000", "--safe",
                         "--tolerance", "0.005", "-y", code=1)
    assert refused["success"] is False and "slippage beyond the tolerance" in refused["error"]
    assert refused["error"].endswith("or stake less)")
    assert refused["results"][0]["status"] == "skipped"
    assert (nonce(node), len(node.signed), node.stake(BOB, ALICE, 1)) == (n, signed, staked)


def test_partial_stake_add_fills_what_the_limit_admits(cli, node):
    pool = node.state.subnets[1]
    done = signed_cmd(cli, "stake", "add", "-H", "bob", "--netuid", "1", "--amount", "1000", "--tolerance", "0.005",
                      "--partial", "-y")
    preview = done["preview"][0]
    assert preview["status"] == "partial" and 0 < preview["amount_used"] < 1000
    assert done["results"][0]["status"] == "success"
    assert pool.price <= preview["limit_price"]  # the chain filled up to the limit, not past it
    assert node.signed[-1].args["allow_partial"] is True


def test_safe_stake_remove(cli, node):
    staked, free = node.stake(BOB, ALICE, 1), node.balance(ALICE)
    done = signed_cmd(cli, "stake", "remove", "-H", "bob", "--netuid", "1", "--amount", "5", "--tolerance", "0.05",
                      "-y")
    assert done["results"][0]["status"] == "success"
    assert node.signed[-1].function == "remove_stake_limit"
    assert node.stake(BOB, ALICE, 1) == staked - 5 * RAO
    assert node.balance(ALICE) > free
    n = nonce(node)
    refused = signed_cmd(cli, "stake", "remove", "-H", "bob", "--netuid", "1", "--all", "--tolerance", "0.001", "-y",
                         code=1)
    assert refused["error"].startswith("slippage beyond the tolerance") and refused["error"].endswith("or unstake less)")
    assert (nonce(node), node.stake(BOB, ALICE, 1)) == (n, staked - 5 * RAO)


def test_stake_move_and_swap(cli, node):
    bob, m1 = node.stake(BOB, ALICE, 1), node.stake(M1, ALICE, 1)
    moved = signed_cmd(cli, "stake", "move", "--from", "bob", "--to", "m1", "--origin-netuid", "1", "--amount", "5", "-y")
    assert moved["results"][0]["status"] == "success" and node.signed[-1].function == "move_stake"
    # the real StakeMoved names the TAO moved, not the α: what was sent and received is read from the chain
    assert (moved["results"][0]["sent"], moved["results"][0]["received"]) == (5.0, 5.0)
    assert (node.stake(BOB, ALICE, 1), node.stake(M1, ALICE, 1)) == (bob - 5 * RAO, m1 + 5 * RAO)
    on2 = node.stake(BOB, ALICE, 2)
    swapped = signed_cmd(cli, "stake", "swap", "-H", "bob", "--origin-netuid", "1", "--dest-netuid", "2", "--amount",
                         "5", "--tolerance", "0.05", "-y")
    preview = swapped["preview"][0]
    assert swapped["results"][0]["status"] == "success"
    assert (swapped["results"][0]["sent"], swapped["results"][0]["received"]) == (5.0, preview["received"])
    ext = node.signed[-1]
    assert (ext.function, ext.args["limit_price"]) == ("swap_stake_limit", preview["limit_rao"])
    assert node.stake(BOB, ALICE, 2) == on2 + preview["received_rao"]


def test_stake_transfer_between_subnets_says_what_protects_it(cli, node):
    """The real chain has no transfer_stake_limit: the preview checks the tolerance, the call carries no limit."""
    before = node.stake(BOB, CHARLIE, 2)
    done = signed_cmd(cli, "stake", "transfer", "-H", "bob", "--dest", CHARLIE, "--origin-netuid", "1",
                      "--dest-netuid", "2", "--amount", "5", "--tolerance", "0.05", "-y")
    preview = done["preview"][0]
    assert preview["limit_rao"] is None and "no price limit for a stake transfer between subnets" in preview["message"]
    assert done["results"][0]["status"] == "success" and "preview only" in done["results"][0]["message"]
    assert done["results"][0]["received"] == preview["received"]
    assert node.signed[-1].function == "transfer_stake"
    assert node.stake(BOB, CHARLIE, 2) == before + preview["received_rao"]
    n = nonce(node)
    refused = signed_cmd(cli, "stake", "transfer", "-H", "bob", "--dest", CHARLIE, "--origin-netuid", "1",
                         "--dest-netuid", "2", "--amount", "50", "--tolerance", "0.001", "--partial", "-y", code=1)
    assert "no partial stake transfer between subnets" in refused["error"] and nonce(node) == n


def test_a_trade_landing_first_fails_the_safe_stake_with_the_pallet_error(cli, node):
    """Someone else's stake lands between the preview and ours (the price jumps past our limit): the chain's
    add_stake_limit refuses, and its error comes back in one line; the fee is paid, the stake is not."""
    submit = node.chain.submit

    def front_run(raw: bytes):
        node.chain.submit = submit  # once
        with node.chain.lock:
            node.state.subnets[1].buy(300 * RAO)
        return submit(raw)

    node.chain.submit = front_run
    staked, n = node.stake(BOB, ALICE, 1), nonce(node)
    failed = signed_cmd(cli, "stake", "add", "-H", "bob", "--netuid", "1", "--amount", "2", "--tolerance", "0.01", "-y",
                        code=1)
    assert failed["error"] == "Slippage is too high for the transaction (SubtensorModule.SlippageTooHigh)"
    assert failed["results"][0]["status"] == "failed" and failed["preview"][0]["status"] == "ok"
    assert nonce(node) == n + 1 and node.stake(BOB, ALICE, 1) == staked
