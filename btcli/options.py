"""Options shared by many commands, defined once (names and aliases as the real btcli has them)."""
from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

WalletName = Annotated[
    Optional[str],
    typer.Option("--wallet-name", "--name", "--wallet_name", "--wallet.name", help="Name of the wallet, its folder under the wallet path (default: 'default', or the config's wallet_name)."),
]
WalletPath = Annotated[
    Optional[str],
    typer.Option("--wallet-path", "-p", "--wallet_path", "--wallet.path", help="Folder holding the wallets (default: ~/.bittensor/wallets, or the config's wallet_path)."),
]
Hotkey = Annotated[
    Optional[str],
    typer.Option("--hotkey", "-H", "--wallet-hotkey", "--wallet_hotkey", "--wallet.hotkey", help="Name of the hotkey (default: 'default', or the config's wallet_hotkey)."),
]
JsonOutput = Annotated[
    bool, typer.Option("--json-output", "--json-out", help="Print the result as JSON on stdout, and nothing else.")
]
Quiet = Annotated[bool, typer.Option("--quiet", help="Print nothing but errors.")]
NoPrompt = Annotated[
    bool, typer.Option("--no-prompt/--prompt", "-y", "--yes", "--no_prompt",
                       help="Do not ask for confirmation (--prompt: ask, the default).")
]
Overwrite = Annotated[
    bool, typer.Option("--overwrite/--no-overwrite", help="Replace existing key files (they are lost unless you kept their mnemonic).")
]
UsePassword = Annotated[
    Optional[bool],
    typer.Option("--use-password/--no-use-password", help="Encrypt the key with a password (default: on for coldkeys, off for hotkeys)."),
]
UseKeyring = Annotated[
    Optional[bool],
    typer.Option("--use-keyring/--no-use-keyring", help="Keep the password in the OS keyring: Secret Service, Keychain, Credential Locker (default: off, or the config's use_keyring)."),
]
NWords = Annotated[int, typer.Option("--n-words", "--n_words", help="Words in the new mnemonic: 12, 15, 18, 21 or 24.")]
Uri = Annotated[Optional[str], typer.Option("--uri", help="Make the key from a secret URI such as //Alice (dev keys).")]
Mnemonic = Annotated[
    Optional[str], typer.Option("--mnemonic", help="The mnemonic to regenerate from (omit it to be asked, keeping it out of your shell history).")
]
Seed = Annotated[Optional[str], typer.Option("--seed", help="The 32-byte seed (hex) to regenerate from.")]
JsonBackup = Annotated[Optional[str], typer.Option("--json", "-j", help="A polkadot.js JSON backup file to regenerate from.")]
JsonPassword = Annotated[Optional[str], typer.Option("--json-password", help="Password of the JSON backup (asked for when omitted).")]
Network = Annotated[
    Optional[str],
    typer.Option("--network", "--chain", "--subtensor.network", "--subtensor.chain_endpoint", help="'local' (default: local, unless $BT_SUBTENSOR_NETWORK, $BT_NETWORK or the config's network is set) or a taonet node URL such as http://127.0.0.1:9944; finney, test, archive or a ws(s):// URL for a real subtensor node."),
]


def resolve_wallet(name: str | None, path: str | None, hotkey: str | None):
    """A Wallet from options, falling back to the config file and then the real defaults."""
    from btcli import config
    from btcli.chain import proxied
    from wallet.wallet import Wallet

    return proxied(Wallet(
        name or config.get("wallet_name"),
        hotkey or config.get("wallet_hotkey"),
        path or config.get("wallet_path"),
    ))


# -- chain economics (stake, subnets, sudo, axon) ----------------------------------------------
ColdkeySs58 = Annotated[
    Optional[str], typer.Option("--ss58", "--coldkey-ss58", "--coldkey_ss58", "--key", "-k", help="Another coldkey's address."),
]
Netuid = Annotated[Optional[int], typer.Option("--netuid", help="The subnet's netuid (0 is root).")]
Netuids = Annotated[
    Optional[list[str]],
    typer.Option("--netuids", "--netuid", "-n", help="Subnet netuid(s): repeat the option or separate with commas."),
]
HotkeyOrSs58 = Annotated[
    Optional[str],
    typer.Option("--hotkey", "-H", "--wallet-hotkey", "--wallet_hotkey", "--wallet.hotkey", "--hotkey-ss58-address",
                 "--hotkey-ss58", "--wallet-hotkey-ss58", "--wallet_hotkey_ss58",
                 help="A hotkey: the name of one of the wallet's hotkeys, or an ss58 address (default: the wallet's hotkey, 'default' or the config's wallet_hotkey)."),
]
IncludeHotkeys = Annotated[
    Optional[list[str]],
    typer.Option("--include-hotkeys", "-in", help="Several hotkeys (names or ss58 addresses): repeat or separate with commas."),
]
SafeStaking = Annotated[
    Optional[bool],
    typer.Option("--safe-staking/--no-safe-staking", "--safe/--unsafe",
                 help="Refuse (or partly fill) a trade that would move the price beyond --tolerance (default: on, or the config's safe_staking)."),
]
Tolerance = Annotated[
    Optional[float],
    typer.Option("--tolerance", "--rate-tolerance", "--limit",
                 help="Safe staking's price tolerance as a fraction: 0.005 = 0.5% (default: 0.005, or the config's rate_tolerance)."),
]
AllowPartial = Annotated[
    Optional[bool],
    typer.Option("--allow-partial-stake/--no-allow-partial-stake", "--partial/--no-partial", "--allow/--not-allow",
                 "--allow-partial/--not-partial",
                 help="With safe staking, execute the part that fits within the tolerance instead of refusing (default: off)."),
]


def split_list(values: list[str] | None) -> list[str]:
    """Repeated and comma-separated option values as one list."""
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def parse_netuids(values: list[str] | None) -> list[int]:
    out = []
    for item in split_list(values):
        if not item.isdigit():
            raise typer.BadParameter(f"a netuid is a whole number, not {item!r}")
        out.append(int(item))
    return out


def safe_settings(safe: bool | None, tolerance: float | None, partial: bool | None) -> tuple[bool, float, bool]:
    """(safe staking, tolerance, allow partial) from options, else the config file."""
    from btcli import config

    safe = config.get("safe_staking") if safe is None else safe
    tolerance = config.get("rate_tolerance") if tolerance is None else tolerance
    partial = config.get("allow_partial_stake") if partial is None else partial
    if not 0 <= float(tolerance) < 1:
        raise typer.BadParameter(f"--tolerance is a fraction in [0, 1) such as 0.005 (0.5%), not {tolerance}")
    return bool(safe), float(tolerance), bool(partial)


# -- the real btcli's flags that every signed command takes ------------------------------------
# Added by the root (btcli.main) to each command of the groups the real btcli has, as click
# options that reach no function (expose_value=False): a flag taonet honours acts through its
# callback, a flag it cannot honour refuses the command line with one line, before anything is
# read or signed. A command that declares one of these itself keeps its own.
def _refuse(why: str) -> Any:
    def callback(ctx: Any, param: Any, value: Any) -> None:
        from btcli.errors import CliError

        if value not in (None, False):
            raise CliError(f"{'/'.join(param.opts[:2])}: {why}", exit_code=2)
    return callback


def _answer_no(ctx: Any, param: Any, value: bool) -> None:
    from btcli import output

    output.answer_no(bool(value))


def _period(ctx: Any, param: Any, value: int | None) -> None:
    from btcli import chain
    from btcli.errors import CliError

    if value is None:
        chain._period.clear()  # one command per process, but in-process test runners run many
        return
    if not 1 <= value <= chain.MAX_PERIOD:
        raise CliError(f"--period takes 1 to {chain.MAX_PERIOD} blocks (how long the signed extrinsic stays "
                       f"valid), not {value}", exit_code=2)
    chain.set_period(value)


def _proxy(ctx: Any, param: Any, value: Any) -> None:
    from btcli import chain

    chain.set_proxy(**({"target": value} if "--proxy" in param.opts else {"announce_only": bool(value)}))


def _quiet(ctx: Any, param: Any, value: bool) -> None:
    from btcli import output

    output.force_quiet(bool(value))


def _flag(decls: list[str], help: str, callback: Any = None, **kw: Any) -> Any:
    from typer.core import TyperOption

    kw.setdefault("is_flag", True)
    kw.setdefault("default", None if any("/" in d for d in decls) else False)
    return TyperOption(param_decls=decls, help=help, callback=callback, expose_value=False,
                       rich_help_panel="The real btcli's flags", **kw)


def refuses(*flags: tuple[list[str], str, bool]) -> Any:
    """Mark a command with real btcli flags of its own that taonet cannot honour yet: ([spellings],
    why, takes a value). The root adds them with the shared ones; each refuses in one line."""
    def mark(func: Any) -> Any:
        func.real_btcli_refused = flags
        return func
    return mark


def real_btcli_flags(refused: tuple = ()) -> list[Any]:
    """The flags, built on use (click's Option objects are per command), and a command's own refused ones."""
    flag = _flag
    own = [flag(decls, f"Refused: {why}.", _refuse(why),
                **({"is_flag": False, "type": str, "default": None} if takes_value else {}))
           for decls, why, takes_value in refused]
    return own + [
        flag(["--no"], "Answer no to every confirmation (a preview only; nothing is signed).", _answer_no),
        flag(["--prompt/--no-prompt", "-y", "--yes", "--no_prompt"], "Accepted; this command asks nothing."),
        flag(["--quiet"], "Print nothing but errors.", _quiet),
        flag(["--verbose"], "Accepted; taonet prints the same (full) output either way."),
        flag(["--hotkey", "-H", "--wallet_hotkey", "--wallet-hotkey", "--wallet.hotkey"],
             "Accepted; this command signs with (or reads) the coldkey only, so no hotkey is used.",
             is_flag=False, type=str, default=None, metavar="NAME"),
        flag(["--wait-for-inclusion/--no-wait-for-inclusion"],
             "Accepted; taonet always waits for inclusion, which is final on a taonet chain."),
        flag(["--wait-for-finalization/--no-wait-for-finalization"],
             "Accepted; a taonet block is final once included, and taonet always waits for it."),
        flag(["--mev-protection/--no-mev-protection"],
             "--no-mev-protection is accepted; --mev-protection is refused (taonet submits in the clear).",
             _refuse("taonet submits extrinsics in the clear: it has no MEV shield (the real btcli encrypts stake "
                     "operations with MevShield on finney); pass --no-mev-protection or drop the flag")),
        flag(["--period", "--era"], "Blocks the signed extrinsic stays valid: on a subtensor node its mortal era "
             "(default 16, as the real btcli; rounded up to a power of two, 4 to 65536), on a taonet node the next "
             "BLOCKS blocks (default: valid until included).",
             _period, is_flag=False, type=int, default=None, metavar="BLOCKS"),
        flag(["--proxy"], "Act for this account (an ss58 address or a name in `btcli config proxies`) as its proxy: "
             "the wallet's coldkey signs Proxy.proxy and pays the fee; the call must be one the proxy's type allows.",
             _proxy, is_flag=False, type=str, default=None, metavar="SS58|NAME"),
        flag(["--announce-only/--no-announce-only"], "With --proxy: announce the call's hash (a delayed proxy) "
             "instead of making it; `btcli proxy execute` makes it after the delay.", _proxy),
    ]


def add_real_btcli_flags(command: Any) -> None:
    """Give `command` (and, for a group, each of its commands) the real btcli's flags it lacks."""
    subcommands = getattr(command, "commands", None)
    if subcommands is not None:
        for sub in subcommands.values():
            add_real_btcli_flags(sub)
        return
    taken = {opt for param in command.params for opt in (*param.opts, *getattr(param, "secondary_opts", ()))}
    for option in real_btcli_flags(getattr(command.callback, "real_btcli_refused", ())):
        if not taken & {*option.opts, *option.secondary_opts}:
            command.params.append(option)
            taken |= {*option.opts, *option.secondary_opts}
