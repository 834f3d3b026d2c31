"""Focus rules shared by the app and every view, so that no form field traps the user.

A text field (Input, TextArea) takes every key that types a character: while one has focus, the
keys 1–6, q, r, ? and a view's letter keys go into the field. So a view opens with focus on its
main widget, or on the view itself when that is a field; Escape leaves a field (back to the view);
and while a field has focus the footer shows how to leave it (esc, ctrl+q) and hides the keys that
would only type. The footer lists the keys that leave (and help) first: a narrow terminal cuts its
end, and at 80 columns every view's own keys and 1–6 used to push `q Quit` off the screen.
"""

from __future__ import annotations

from typing import Any

from textual.actions import parse
from textual.keys import key_to_character
from textual.screen import Screen
from textual.widgets import Input, TextArea

FIRST = ("leave_field", "quit_field", "quit", "help")
"""Actions the footer lists before all others, in this order."""


def is_text_field(widget: Any) -> bool:
    return isinstance(widget, (Input, TextArea))


def typing(app: Any) -> bool:
    """True while a text field has focus."""
    return is_text_field(app.focused)


def hidden_while_typing(node: Any, action: str) -> bool:
    """True when a text field has focus and every key that `node` binds to `action` types a
    character (it would go into the field, so the footer must not offer it)."""
    if not typing(node.app):
        return False
    keys = [key for key, binding in node._bindings if parse(binding.action)[1] == action]
    return bool(keys) and all(key_to_character(key) is not None for key in keys)


class LeaveFirstScreen(Screen):
    """The dashboard's main screen: the same bindings, with those of `FIRST` listed first (the footer
    and the help panel show them in this order; which key does what is unchanged)."""

    @property
    def active_bindings(self) -> dict[str, Any]:
        bindings = super().active_bindings
        rank = {action: i for i, action in enumerate(FIRST)}
        order = sorted(bindings, key=lambda key: rank.get(bindings[key].binding.action, len(FIRST)))
        return {key: bindings[key] for key in order}
