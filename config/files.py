"""Reading the small text files the configuration names, with plain-English failures."""

from __future__ import annotations

from pathlib import Path

__all__ = ["read_text", "strip_one_newline"]


def read_text(path: Path) -> str:
    """The UTF-8 text of ``path``.

    Raises:
        ValueError: the file is missing, a folder, unreadable or not UTF-8; the message says
            which, names the path and never quotes the content.
    """
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(f"file not found: {path}") from None
    except IsADirectoryError:
        raise ValueError(f"is a folder, not a file: {path}") from None
    except PermissionError:
        raise ValueError(f"permission denied: {path}") from None
    except UnicodeDecodeError:
        raise ValueError(f"not UTF-8 text: {path}") from None
    except OSError as err:
        raise ValueError(f"cannot read {path}: {err.strerror}") from None


def strip_one_newline(text: str) -> str:
    """``text`` without the one line break editors and ``echo`` put at the end of a file."""
    for ending in ("\r\n", "\n"):
        if text.endswith(ending):
            return text[: -len(ending)]
    return text
