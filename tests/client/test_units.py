"""One constant for rao per TAO: `client.balance.RAO_PER_TAO` in btcli, client and tui, and
`consensus.params.RAO_PER_TAO` below the client (node imports it); no other module defines 10**9."""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFINITION = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?::\s*\w+\s*)?=\s*(10\s*\*\*\s*9|1_?000_?000_?000|1e9)\s*(#.*)?$")
OWNERS = {("client/balance.py", "RAO_PER_TAO"), ("consensus/params.py", "RAO_PER_TAO"),
          # other units that happen to be 10^9: fixed-point scales of prices, not rao per TAO
          ("client/staking.py", "LIMIT_SCALE"), ("consensus/pool.py", "PRICE_LIMIT_SCALE")}


def test_rao_per_tao_is_defined_once_per_side():
    found = set()
    for package in ("btcli", "client", "tui", "subnets", "node", "consensus"):
        for path in sorted((REPO / package).rglob("*.py")):
            for line in path.read_text().splitlines():
                match = DEFINITION.match(line)
                if match:
                    found.add((path.relative_to(REPO).as_posix(), match.group(1)))
    assert found <= OWNERS, sorted(found - OWNERS)


def test_the_two_definitions_agree():
    from client.balance import RAO_PER_TAO
    from consensus import emission, params, registration
    from node import genesis

    assert RAO_PER_TAO == params.RAO_PER_TAO == 10**9
    assert emission.RAO_PER_TAO is registration.RAO_PER_TAO is genesis.RAO_PER_TAO is params.RAO_PER_TAO


def test_limit_prices_taonet_exact_and_as_the_real_btcli_on_subtensor():
    from client.staking import limit_price

    assert limit_price(2.0, 0.005, "stake") == 2_010_000_000  # exact, rounded up: today's price stays admitted
    assert limit_price(2.0, 0.005, "stake", real_btcli=True) == 2_009_999_999  # float truncation, as the SDK does
    assert limit_price(0.25, 0.02, "unstake") == limit_price(0.25, 0.02, "unstake", real_btcli=True) == 245_000_000
    assert limit_price(1e-12, 0.5, "unstake", real_btcli=True) == 1  # never a zero limit
