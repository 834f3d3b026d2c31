"""A subtensor DispatchError in one line: the pallet's error name and the first sentence of its doc.

`describe(runtime, dispatch_error)` -> (name, message): `DispatchError::Module {index, error}` is
looked up in the runtime's metadata ("SubtensorModule.SlippageTooHigh", "Slippage is too high for
the transaction"); Token, Arithmetic and Transactional errors and the unit variants (BadOrigin,
Other, ...) carry no docs in the metadata, so their meaning (Substrate's own docs) is kept here.
`one_line(runtime, dispatch_error)` joins them. Neither raises: an error it cannot read is shown as
it came. `dispatch_error` is the decoded value (as scalecodec gives it in System.ExtrinsicFailed).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# sp_runtime's documentation of the variants the metadata gives without docs
SYSTEM = {
    "Other": "Some error occurred", "CannotLookup": "Failed to look up some data", "BadOrigin": "A bad origin: the "
    "signer may not make this call", "ConsumerRemaining": "At least one consumer is remaining so the account cannot "
    "be destroyed", "NoProviders": "There are no providers so the account cannot be created",
    "TooManyConsumers": "There are too many consumers so the account cannot be created",
    "Exhausted": "Resources exhausted (data too large to read or write)", "Corruption": "The state is corrupt",
    "Unavailable": "Some resource (e.g. a preimage) is unavailable right now", "RootNotAllowed": "Root origin is "
    "not allowed", "Trie": "An error with the state trie",
}
NESTED = {
    "Token": {"FundsUnavailable": "Funds are unavailable", "OnlyProvider": "Some part of the balance gives the "
              "only provider reference to the account and cannot be moved", "BelowMinimum": "The account cannot "
              "exist with the funds that would be given (below the existential deposit)", "CannotCreate": "The "
              "account cannot be created", "UnknownAsset": "The asset is unknown", "Frozen": "Funds exist but are "
              "frozen", "Unsupported": "The operation is not supported by the asset", "CannotCreateHold": "The "
              "account cannot be created to record an amount on hold", "NotExpendable": "The account that must "
              "remain would be reaped", "Blocked": "The account cannot receive the assets"},
    "Arithmetic": {"Underflow": "An underflow would occur", "Overflow": "An overflow would occur",
                   "DivisionByZero": "Division by zero"},
    "Transactional": {"LimitReached": "Too many transactional layers have been spawned",
                      "NoLayer": "A transactional layer was expected, but does not exist"},
}


def first_sentence(docs: list[str] | str | None) -> str:
    """The doc's first sentence, on one line, without its final full stop."""
    text = " ".join(docs if isinstance(docs, list) else [docs or ""])
    text = " ".join(text.replace("`", "").split())
    cut = text.find(". ")
    sentence = text if cut < 0 else text[:cut]
    return sentence.rstrip(".").strip()


def _error_index(value: Any) -> int | None:
    """The error's index: its first byte ([u8; 4] since the error field grew to 4 bytes)."""
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.removeprefix("0x")
        return int(text[:2], 16) if len(text) >= 2 else None
    if isinstance(value, (bytes, bytearray)) and value:
        return value[0]
    if isinstance(value, (list, tuple)) and value:
        return int(value[0])
    return None


def module_error(runtime: Any, pallet_index: int, error_index: int) -> tuple[str, str] | None:
    """(Pallet.ErrorName, doc first sentence) for a module error, from the metadata; None if unknown."""
    for pallet in runtime.metadata.pallets:
        if int(pallet.value["index"]) != int(pallet_index):
            continue
        for variant in pallet.errors or []:
            value = variant.value
            if int(value["index"]) == int(error_index):
                return f"{pallet.name}.{value['name']}", first_sentence(value.get("docs"))
        return None
    return None


def describe(runtime: Any, dispatch_error: Any) -> tuple[str, str]:
    """(name, message) of a decoded DispatchError; never raises."""
    try:
        return _describe(runtime, dispatch_error)
    except Exception:  # noqa: BLE001 - an error shape this code does not know is shown as it came
        return "DispatchError", _compact(dispatch_error)


def _describe(runtime: Any, error: Any) -> tuple[str, str]:
    if isinstance(error, str):
        return f"DispatchError.{error}", SYSTEM.get(error, "")
    if isinstance(error, Mapping) and len(error) == 1:
        kind, value = next(iter(error.items()))
        if kind == "Module":
            if isinstance(value, Mapping):
                pallet_index, error_index = value.get("index"), _error_index(value.get("error"))
            elif isinstance(value, (list, tuple)) and len(value) == 2:
                pallet_index, error_index = value[0], _error_index(value[1])
            else:
                return "DispatchError", _compact(error)
            if not isinstance(pallet_index, int) or error_index is None:
                return "DispatchError", _compact(error)
            found = module_error(runtime, pallet_index, error_index)
            if found is not None:
                return found
            return "DispatchError.Module", f"pallet {pallet_index}, error {error_index} (not in this runtime's metadata)"
        if kind in NESTED and isinstance(value, str):
            return f"{kind}.{value}", NESTED[kind].get(value, "")
        if kind in SYSTEM and value in (None, (), []):
            return f"DispatchError.{kind}", SYSTEM[kind]
    return "DispatchError", _compact(error)


def one_line(runtime: Any, dispatch_error: Any) -> str:
    """"Pallet.ErrorName: doc first sentence" (or just the name when the doc is empty)."""
    name, message = describe(runtime, dispatch_error)
    return f"{name}: {message}" if message else name


def _compact(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 200 else text[:197] + "..."
