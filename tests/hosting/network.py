"""A small subnet on a running dev node, built through the client: //Alice creates and starts it,
registers hotkeys (owned by her coldkey), funds them for fees, and can publish any axon."""
from __future__ import annotations

import socket
import threading
from typing import Any

from wallet.keypair import Keypair
from wallet.wallet import Wallet

TAO = 10**9
ALICE = Keypair.from_uri("//Alice")


def submit(chain: Any, pair: Keypair, call: str, **args: Any) -> list[dict]:
    outcome = chain.submit_and_wait(chain.sign(pair, call, args))
    return chain.extrinsic_events(outcome)


def create_subnet(rpc: Any, owner_hotkey: str) -> int:
    chain = rpc
    events = submit(chain, ALICE, "subtensor.register_network", hotkey=owner_hotkey)
    netuid = next(e["data"]["netuid"] for e in events if e["name"] == "subtensor.NetworkAdded")
    submit(chain, ALICE, "subtensor.start_call", netuid=netuid)
    return netuid


def register(rpc: Any, netuid: int, hotkey: Keypair, fund_tao: int = 10) -> int:
    """Register `hotkey` under Alice's coldkey, give it TAO for fees (none with fund_tao=0); its uid."""
    chain = rpc
    events = submit(chain, ALICE, "subtensor.burned_register", netuid=netuid, hotkey=hotkey.ss58_address)
    uid = next(e["data"]["uid"] for e in events if e["name"] == "subtensor.NeuronRegistered")
    if fund_tao:
        submit(chain, ALICE, "balances.transfer_keep_alive", dest=hotkey.ss58_address, value=fund_tao * TAO)
    return uid


def stake(rpc: Any, netuid: int, hotkey: str, tao: int) -> None:
    submit(rpc, ALICE, "subtensor.add_stake", hotkey=hotkey, netuid=netuid, amount_staked=tao * TAO)


def serve_axon(rpc: Any, netuid: int, hotkey: str, port: int) -> None:
    """Publish an axon for `hotkey`, signed by its coldkey (Alice)."""
    submit(rpc, ALICE, "subtensor.serve_axon", netuid=netuid, hotkey=hotkey, ip="127.0.0.1", port=port,
           ip_type=4, protocol=4)


def write_hotkeys(path: str, wallet: str, names: list[str]) -> dict[str, Keypair]:
    keys = {}
    for name in names:
        pair = Keypair.from_uri(f"//taonet-hosting-test/{name}")
        Wallet(wallet, name, path).write_hotkey(pair, None)
        keys[name] = pair
    return keys


class HostileAxon:
    """A TCP server that speaks bad HTTP: it announces a gigantic JSON body and trickles it forever,
    or accepts and says nothing. A validator must spend at most its timeout on it, every round."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._conns: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            self._conns.append(conn)
            threading.Thread(target=self._misbehave, args=(conn, self.connections), daemon=True).start()

    def _misbehave(self, conn: socket.socket, n: int) -> None:
        try:
            conn.recv(65536)
            if n % 2:
                conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 999999999\r\n\r\n{")
                while not self._stop.wait(0.05):
                    conn.sendall(b" ")
            else:
                self._stop.wait(60)  # silence
        except OSError:
            pass

    def close(self) -> None:
        self._stop.set()
        for conn in self._conns:
            conn.close()
        self.sock.close()


