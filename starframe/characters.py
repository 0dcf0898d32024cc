"""Which characters stored text may hold, how the others are shown, and when two texts look alike.

Text typed into starframe ends up on terminals, in the TUI, in PDFs and in other people's
spreadsheets. A control character in it is never content: ESC starts a terminal escape sequence
(`ESC[2J` clears the screen, OSC 52 sets the clipboard), CR returns the cursor to overwrite what
was printed, and the bidirectional overrides reorder the characters after them, so a name can
read differently from what it holds. So, in one place for every model and every face:

- `text_problem` says why new text is refused: any C0 control (newline and tab only where the
  field is multi-line), DEL, any C1 control, a lone surrogate (no database can store it), the
  line and paragraph separators U+2028/U+2029, and the bidirectional embeddings, overrides and
  isolates (U+202A–U+202E, U+2066–U+2069). Marks that only nudge direction (LRM, RLM, ALM) and
  the zero-width joiners that scripts and emoji need stay allowed.
- `shown` is how stored text that holds them (written before the rule, and still carried by a
  whole-database move) is printed: each such character as a visible escape, `\\x1b` for a
  control and `\\u202e` for the others, newline and tab left as they are.
- `folded` is the form duplicate checks compare, so `Stuck` and `St<U+200B>uck` are one name.
"""

from __future__ import annotations

import re
import unicodedata

_BIDI = "\u202a-\u202e\u2066-\u2069"
_SEPARATORS = "\u2028\u2029"
_NOT_STORED = f"\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_SEPARATORS}{_BIDI}"
_NOT_SHOWN = re.compile(f"[{_NOT_STORED}]")
_NOT_IN_ONE_LINE = re.compile(f"[\t\n{_NOT_STORED}]")
_NEVER_STORABLE = re.compile("[\x00\ud800-\udfff]")
"""What no database can hold, so even stored text (see `text_problem`) never has it."""

_NAMES = {
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a carriage return",
    "\x1b": "ESC, which starts terminal escape sequences",
    "\x00": "NUL",
    "\x7f": "DEL",
    "\u2028": "the line separator",
    "\u2029": "the paragraph separator",
}


def code_point(char: str) -> str:
    """`U+001B`: how messages name a character without printing it."""
    return f"U+{ord(char):04X}"


def _kind(char: str) -> str:
    named = _NAMES.get(char)
    if named:
        return named
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return "a right-to-left/left-to-right override, which reorders the text shown after it"
    if "\ud800" <= char <= "\udfff":
        return "half of a surrogate pair, which is not a character"
    return "a control character"


def text_problem(text: str, *, multi_line: bool, stored: bool = False) -> str | None:
    """Why `text` may not be stored, or None when every character is allowed.

    `stored` text (read back from a database or an export, perhaps written before the rule)
    is refused only what no database can hold: NUL and lone surrogates. The message names the
    first refused character by its code point and position, never printing it, so the message
    itself is safe to show anywhere.
    """
    pattern = _NEVER_STORABLE if stored else _NOT_SHOWN if multi_line else _NOT_IN_ONE_LINE
    found = pattern.search(text)
    if found is None:
        return None
    char = found.group()
    where = f"character {found.start() + 1}"
    if char in "\t\n":
        return f"holds {_kind(char)} ({code_point(char)}) at {where}: write it on one line"
    return (
        f"holds {code_point(char)} ({_kind(char)}) at {where}: text may not hold control "
        "characters; retype it"
    )


def has_hidden(text: str) -> bool:
    """True when `text` holds a character `shown` would escape (records stored before the rule)."""
    return _NOT_SHOWN.search(text) is not None


def _escape(found: re.Match[str]) -> str:
    number = ord(found.group())
    return f"\\x{number:02x}" if number <= 0xFF else f"\\u{number:04x}"


def shown(text: str) -> str:
    """`text` safe to print: every character `text_problem` refuses, except newline and tab,
    as a visible escape (`\\x1b`, `\\u202e`); allowed text comes back unchanged."""
    if _NOT_SHOWN.search(text) is None:
        return text
    return _NOT_SHOWN.sub(_escape, text)


def spelled_out(text: str) -> str:
    """`text` with invisible characters too as escapes (`St\\u200buck`), for messages that must
    show why two texts that look the same are not."""
    return "".join(
        f"\\u{ord(char):04x}" if unicodedata.category(char) == "Cf" else char
        for char in shown(text)
    )


def shown_json(text: str) -> str:
    """JSON text (from json.dumps) with the characters `shown` escapes as JSON `\\u` escapes.

    json.dumps escapes C0 controls itself, but with `ensure_ascii=False` it writes DEL, C1
    controls and the bidi overrides raw; they can only occur inside JSON strings, so
    replacing them with `\\u` escapes keeps the JSON valid and its values unchanged.
    JSON text holds no raw C0 control (they are escaped), so text all ASCII but DEL holds
    none to escape: found without the search, which was a tenth of a large export's time.
    """
    if (text.isascii() and "\x7f" not in text) or _NOT_SHOWN.search(text) is None:
        return text
    return _NOT_SHOWN.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def folded(text: str) -> str:
    """The form in which two texts count as the same: NFKC, without format characters
    (zero-width spaces and joiners, bidi marks, soft hyphens), case-folded."""
    normal = unicodedata.normalize("NFKC", text)
    visible = "".join(char for char in normal if unicodedata.category(char) != "Cf")
    return unicodedata.normalize("NFKC", visible.casefold())
