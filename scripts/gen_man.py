"""Generate man/btcli.1 from the Typer app, so the man page always matches the commands.

Usage: python scripts/gen_man.py [--check]
With --check, exit 1 if the checked-in page differs from what would be generated.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGE = ROOT / "man" / "btcli.1"

HEADER = r""".TH BTCLI 1 "" "taonet {version}" "taonet manual"
.SH NAME
btcli \- taonet's command line for a Bittensor-style network: wallets, a local chain node, staking, subnets, consensus
.SH SYNOPSIS
.B btcli
.I group command
.RI [ options ]
.SH DESCRIPTION
taonet's btcli manages coldkeys and hotkeys in the real Bittensor wallet format, runs an embedded chain
node, and talks to it over JSON-RPC. Every command accepts
.B \-\-json\-output
(pure JSON on stdout, nothing else) and exits non-zero on any error, with one line on stderr saying
what went wrong and what to do.
"""

TRAILER = r""".SH NETWORKS
\fB\-\-network\fR picks the chain: \fIlocal\fR (http://127.0.0.1:9944), an http(s):// URL or host:port is a
taonet node (taonet's JSON-RPC); \fIfinney\fR (wss://entrypoint\-finney.opentensor.ai:443), \fItest\fR
(wss://test.finney.opentensor.ai:443), \fIarchive\fR (wss://archive.chain.opentensor.ai:443) or any ws(s)://
URL is a real subtensor node, spoken to with async\-substrate\-interface and the runtime's metadata.
On a subtensor node: wallet balance and transfer, stake list/add/remove/move/swap/transfer, subnets
list/show/metagraph/hyperparameters/burn\-cost/register/create/start, weights set/commit/reveal, sudo
get/set/get\-take/set\-take and view work; hosting (miner, validator, processes), node and localnet need a
taonet node and say so. Every signed command there names the network and its genesis hash and asks;
only \-\-no\-prompt skips the question. Limit prices are computed as the real btcli computes them; taonet
submits without an MEV shield.
.SH ENVIRONMENT
.TP
.B BT_PW_<PATH>
Password of an encrypted key file, as the real wallet reads it: the name is BT_PW_ followed by the key
file's absolute path with / and . replaced by _, upper-cased; the value is base64 of the password XOR the
name. \fBbtcli wallet env\-password\fR prints it.
.TP
.B BT_SUBTENSOR_NETWORK, BT_NETWORK
The network when \-\-network is not given (before the config file), as the real tools read them.
.TP
.B TAONET_METADATA_CACHE
Folder of the subtensor runtime metadata cache, per genesis hash and spec version (default
~/.bittensor/taonet/metadata).
.TP
.B TAONET_CONFIG
Path of the config file (default ~/.bittensor/taonet/config.json).
.TP
.B TAONET_DEBUG
Set to 1 to print a traceback with errors.
.TP
.B PYTHON_KEYRING_BACKEND
Chooses the keyring backend used by \-\-use\-keyring.
.SH FILES
.TP
.I ~/.bittensor/wallets/<wallet>/coldkey
The coldkey, encrypted ($NACL: argon2i + XSalsa20-Poly1305) by default; mode 0600.
.TP
.I ~/.bittensor/wallets/<wallet>/coldkeypub.txt
Its public part.
.TP
.I ~/.bittensor/wallets/<wallet>/hotkeys/<hotkey>
A hotkey (unencrypted unless asked), and \fI<hotkey>pub.txt\fR beside it.
.SH EXIT STATUS
0 on success; 1 on an error (a message on stderr, and {"success": false, "error": ...} on stdout with
\-\-json\-output); 2 on a usage error; 130 when interrupted.
.SH SEE ALSO
README.md in the taonet distribution.
"""


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("-", "\\-")
    return "\n".join(("\\&" + line) if line.startswith((".", "'")) else line for line in text.splitlines())


def _option_line(param) -> str:
    names = list(param.opts) + [n for n in getattr(param, "secondary_opts", [])]
    shown = ", ".join(names)
    metavar = ""
    if not getattr(param, "is_flag", False) and param.param_type_name == "option":
        metavar = " " + (param.metavar or param.type.name.upper())
    return f".TP\n.B {_escape(shown)}{_escape(metavar)}\n{_escape(param.help or '')}"


def _walk(group, prefix: str, out: list[str]) -> None:
    for name in sorted(group.commands):
        cmd = group.commands[name]
        if getattr(cmd, "hidden", False):
            continue
        full = f"{prefix} {name}"
        if hasattr(cmd, "commands"):
            out.append(f".SH {_escape(full.upper().strip())}")
            if cmd.help:
                out.append(_escape(cmd.help.strip()))
            _walk(cmd, full, out)
            continue
        out.append(f".SS {_escape(full.strip())}")
        if cmd.help:
            out.append(_escape(cmd.help.strip().split("\f")[0]))
        for param in cmd.params:
            if param.param_type_name == "option" and param.opts[0] not in ("--help",):
                out.append(_option_line(param))
            elif param.param_type_name == "argument":
                out.append(f".TP\n.I {_escape(param.name.upper())}\n")
        out += _json_shape(full.removeprefix("btcli").strip())


def _json_shape(command: str) -> list[str]:
    """The command's --json-output shape (btcli.json_shapes, the one place shapes are written)."""
    from btcli import json_shapes

    if command not in json_shapes.SHAPES:
        return []
    lines = [_escape(line).replace(" \u2014 ", " \\(em ") for line in json_shapes.lines(command)]
    return [".PP", "JSON (\\-\\-json\\-output):", ".nf", ".in +2", *lines, ".in", ".fi"]


def _json_section() -> str:
    """How the JSON shapes under each command read (btcli.json_shapes' notation)."""
    from btcli import json_shapes

    error = [_escape(line).replace(" \u2014 ", " \\(em ") for line in json_shapes.ERROR_SHAPE.strip().splitlines()]
    return "\n".join([
        ".SH JSON OUTPUT",
        "With \\-\\-json\\-output a command prints one JSON document on stdout and nothing else. Each command above",
        "lists its keys, one per line: \\fIkey: type \\(em meaning\\fR; \\fIkey?\\fR is there only in some cases;",
        "indented keys are those of an object, of each item of a list, or of each value of a map (map[T]: an object",
        "whose keys are data, such as netuids or wallet names); \\fI*\\fR stands for any other key. A first line",
        "(list[object]) or (map[object]) says the document itself is a list or a map. Amounts are TAO unless the",
        "key ends in _rao or the meaning says rao. Where the real btcli 9.23.2 prints the same data, the key is",
        "its name (signed_message, extrinsic_identifier, ...), next to taonet's own keys. Every failure prints:",
        ".nf", ".in +2", *error, ".in", ".fi",
    ]) + "\n"


def _rpc_section() -> str:
    """The JSON-RPC method table, taken from README.md (the one place it is written)."""
    text = (ROOT / "README.md").read_text()
    start = text.index("### JSON-RPC")
    end = text.index("\n## ", start)
    lines = [".SH JSON-RPC METHODS",
             "The node serves JSON-RPC 2.0 on POST / at 127.0.0.1:9944; GET /new-heads is a Server-Sent Events feed of new headers."]
    for row in text[start:end].splitlines():
        if not row.startswith("| `"):
            continue
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        name, result = cells[0].strip("`"), cells[1].replace("`", "")
        lines.append(f".TP\n.B {_escape(name)}\n{_escape(result)}")
    return "\n".join(lines) + "\n"


def _real_tools_section() -> str:
    """What the real btcli and SDK do against a taonet node, taken from README.md's table."""
    text = (ROOT / "README.md").read_text()
    start = text.index("### Use the real bittensor SDK and btcli with taonet")
    end = text.index("\n### ", start + 1)
    lines = [".SH THE REAL BTCLI AND SDK AGAINST A TAONET NODE",
             "A taonet node also answers the Substrate protocol of the real runtime (spec 461) on ws://127.0.0.1:PORT: "
             "give the real tools --network ws://127.0.0.1:9944. What each does there, as tested:"]
    for row in text[start:end].splitlines():
        if not row.startswith("| `"):
            continue
        cells = re.split(r"(?<!\\)\|", row.strip().strip("|"))
        tool, works, cannot = (c.strip().replace("`", "").replace("\\|", "|") for c in cells)
        lines.append(f".TP\n.B {_escape(tool)}\n{_escape('Works: ' + works)}\n.br\n{_escape('Cannot: ' + cannot)}")
    return "\n".join(lines) + "\n"


def render() -> str:
    import typer.main

    from btcli.main import app
    from importlib.metadata import version

    command = typer.main.get_command(app)
    parts = [HEADER.replace("{version}", version("taonet"))]
    body: list[str] = [".SH OPTIONS"]
    body += [_option_line(p) for p in command.params if p.param_type_name == "option"]
    _walk(command, "btcli", body)
    parts.append("\n".join(body) + "\n")
    parts.append(_json_section())
    parts.append(_rpc_section())
    parts.append(_real_tools_section())
    parts.append(TRAILER)
    return "".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if man/btcli.1 is out of date")
    args = parser.parse_args()
    page = render()
    if args.check:
        current = PAGE.read_text() if PAGE.exists() else ""
        if current != page:
            print("man/btcli.1 is out of date: run python scripts/gen_man.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(page)
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
