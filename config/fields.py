"""Field types shared by the configuration sections: each checks a shape and explains a miss.

Messages never repeat the value they reject: a client secret pasted into the wrong field
must not end up in a log through its error message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, SecretStr, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

__all__ = [
    "FINDING",
    "CaseInsensitive",
    "ColumnName",
    "FilePath",
    "Guid",
    "Hostname",
    "LibraryKey",
    "OrgCode",
    "Secret",
    "SiteId",
    "SitePath",
    "TenantId",
    "Text",
    "Upn",
    "reject",
    "slugify",
]

FINDING = "config_finding"

_GUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_DOMAIN = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
# Entra ID allows these characters in the local part of a user principal name; guests look
# like ``someone_gmail.com#EXT#@tenant.onmicrosoft.com``.
_UPN_LOCAL = r"[a-z0-9'._!#^~+-]+"
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def reject(title: str, findings: Sequence[tuple[tuple[str | int, ...], str]]) -> None:
    """Raise one validation error per ``(location, message)``; nothing when there are none.

    Model validators use this to point at the field a cross-field rule is about, instead of
    at the model as a whole.
    """
    if findings:
        raise ValidationError.from_exception_data(
            title,
            [
                InitErrorDetails(
                    type=PydanticCustomError(FINDING, "{reason}", {"reason": message}),
                    loc=loc,
                    input=None,
                )
                for loc, message in findings
            ],
        )


def slugify(text: str) -> str:
    """A lower-case ``[a-z0-9-]`` key for ``text``: "Best Practice" → "best-practice"."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_GERMAN))
    return re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode()).strip("-")


def _matching(pattern: str, message: str, *, fold: bool = False) -> Callable[[str], str]:
    compiled = re.compile(pattern, re.IGNORECASE if fold else 0)

    def check(value: str) -> str:
        value = value.strip()
        if not compiled.fullmatch(value):
            raise ValueError(message)
        return value.lower() if fold else value

    return check


def _not_empty(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


def _secret_not_empty(value: SecretStr) -> SecretStr:
    if not value.get_secret_value():
        raise ValueError("must not be empty")
    return value


def _path_not_empty(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        raise ValueError("must not be empty")
    return value


def _casefold(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


Text = Annotated[str, AfterValidator(_not_empty)]
Guid = Annotated[
    str,
    AfterValidator(
        _matching(_GUID, "must be a GUID like 0b7e7c5e-1234-4abc-9def-0123456789ab", fold=True)
    ),
]
TenantId = Annotated[
    str,
    AfterValidator(
        _matching(
            f"{_GUID}|{_DOMAIN}",
            "must be the tenant's GUID or one of its verified domains, "
            "such as contoso.onmicrosoft.com",
            fold=True,
        )
    ),
]
Hostname = Annotated[
    str,
    AfterValidator(
        _matching(
            _DOMAIN,
            "must be a host name such as contoso.sharepoint.com, without https:// or a path",
            fold=True,
        )
    ),
]
SitePath = Annotated[
    str,
    AfterValidator(
        _matching(
            r"/(?:[^/?#:\\\s]+(?:/[^/?#:\\\s]+)*)?",
            "must be the site's server-relative path such as /sites/allianz "
            "(starts with /, no trailing /)",
        )
    ),
]
SiteId = Annotated[
    str,
    AfterValidator(
        _matching(
            f"{_DOMAIN},{_GUID},{_GUID}",
            "must be a Graph site id: host name, site collection GUID and web GUID "
            "separated by commas",
            fold=True,
        )
    ),
]
Upn = Annotated[
    str,
    AfterValidator(
        _matching(
            f"{_UPN_LOCAL}@{_DOMAIN}",
            "must be a user principal name such as anna.berger@dwv.example",
            fold=True,
        )
    ),
]
OrgCode = Annotated[
    str,
    AfterValidator(
        _matching(
            r"[A-Z][A-Z0-9_]{1,15}",
            "must be 2 to 16 capital letters, digits or _, starting with a letter, e.g. DWV",
        )
    ),
]
LibraryKey = Annotated[
    str,
    AfterValidator(
        _matching(r"[a-z0-9-]+", "must use only lower-case letters, digits and -, e.g. positionen")
    ),
]
ColumnName = Annotated[
    str,
    AfterValidator(
        _matching(
            r"[A-Za-z_][A-Za-z0-9_]{0,31}",
            "must be a SharePoint internal column name: up to 32 letters, digits or _, "
            "not starting with a digit",
        )
    ),
]
Secret = Annotated[SecretStr, AfterValidator(_secret_not_empty)]
FilePath = Annotated[Path, BeforeValidator(_path_not_empty)]
# Enum values are matched without regard to case: FREIGABE_LOG__LEVEL=DEBUG is common.
CaseInsensitive = BeforeValidator(_casefold)
