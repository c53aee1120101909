"""The words of the export's pages and feed, in German and English.

The vote values (``Zustimmung``, ...) and the document types are the tenant's SharePoint data
and are shown as they are in both languages.
"""

from __future__ import annotations

from integration.language import Language, Plural, Text

__all__ = [
    "ALL_DOCUMENTS",
    "AS_OF",
    "AS_PDF",
    "BYTES",
    "CATEGORY_RELEASE",
    "CATEGORY_WITHDRAWAL",
    "DOCUMENT",
    "EMBED_ALL",
    "EMBED_TYPES",
    "ENTRY_RELEASED",
    "ENTRY_WITHDRAWN",
    "FEED",
    "FILE",
    "FILE_LABEL",
    "FORMAT_FILE",
    "LEAD",
    "MANIFEST",
    "NONE_RELEASED",
    "NO_DOCUMENTS",
    "NO_VOTES",
    "OTHER",
    "PDF_OF",
    "PERMALINK",
    "RELEASED_ON",
    "SCHEMA",
    "SITE_TITLE",
    "SKIP",
    "TOMBSTONE",
    "TYPES",
    "UNTITLED",
    "VERSION",
    "VOTE",
    "size_in",
]

SITE_TITLE = Text("Freigegebene Dokumente", "Released documents")
OTHER = Text("Sonstige Dokumente", "Other documents")
NO_VOTES = Text("keine Angaben", "not recorded")
FILE = Text("Datei", "file")
FORMAT_FILE = Text("{format}-Datei", "{format} file")
UNTITLED = Text("Ohne Titel", "Untitled")
DOCUMENT = Text("Dokument", "Document")
PDF_OF = Text("{title} als PDF", "{title} as PDF")
AS_PDF = Text("als PDF", "as PDF")
PERMALINK = Text("dauerhafter Link auf diese Fassung", "permanent link to this version")
VERSION = Text("Fassung", "Version")
RELEASED_ON = Text("Freigegeben am", "Released on")
FILE_LABEL = Text("Datei", "File")
LEAD = Text("Federführung", "Lead")
VOTE = Text("Abstimmung", "Vote")
TYPES = Text("Dokumenttypen", "Document types")
NONE_RELEASED = Text(
    "Derzeit sind keine Dokumente freigegeben.", "No documents are released at present."
)
AS_OF = Text("Stand: {date}", "As of {date}")
SKIP = Text("Zum Inhalt springen", "Skip to content")
EMBED_ALL = Text(
    "Zum Einbetten in eine Website (iframe): {link}", "To embed in a website (iframe): {link}"
)
ALL_DOCUMENTS = Text("alle Dokumente", "all documents")
EMBED_TYPES = Text("Einbettbare Listen je Dokumenttyp", "Embeddable lists by document type")
FEED = Text("Atom-Feed", "Atom feed")
MANIFEST = Text("Maschinenlesbare Liste", "Machine-readable list")
SCHEMA = Text("Schema der Liste", "Schema of the list")
NO_DOCUMENTS = Text("Derzeit keine Dokumente.", "No documents at present.")
ENTRY_RELEASED = Text(
    "Freigegeben: {title} (Version {version})", "Released: {title} (Version {version})"
)
ENTRY_WITHDRAWN = Text(
    "Zurückgezogen: {title} (Version {version})", "Withdrawn: {title} (Version {version})"
)
CATEGORY_RELEASE = Text("Freigabe", "Release")
CATEGORY_WITHDRAWAL = Text("Rücknahme", "Withdrawal")
TOMBSTONE = Text(
    "„{title}“ wurde am {date} zurückgezogen und ist nicht mehr veröffentlicht.",
    "“{title}” was withdrawn on {date} and is no longer published.",
)
BYTES = Plural(Text("Byte", "byte"), Text("Bytes", "bytes"))


def size_in(size: int, language: Language) -> str:
    """``size`` bytes as people read it: ``1,2 MB`` in German, ``1.2 MB`` in English."""
    if size < 1024:
        return BYTES(language, size)
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    text = f"{value:.1f} {unit}"
    return text if language is Language.EN else text.replace(".", ",")
