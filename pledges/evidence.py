"""Evidence files of progress reports: what a file's content says it is, and how it is sent back.

The type of an upload is read from its bytes (magic numbers through `filetype`, then the entries of
a zip container for the OOXML and OpenDocument formats), never from its name or the content type
the client claims: an executable renamed `report.pdf` is still an executable.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.core.files.uploadedfile import UploadedFile

    from pledges.models import EvidenceFile

# Bytes read for the magic numbers: the legacy Word matcher looks as far as byte 2142.
SNIFF_BYTES = 8192

# What a report may carry: sniffed type -> (extension of the stored name, label for people).
ALLOWED_TYPES = {
    "application/pdf": ("pdf", "PDF"),
    "image/png": ("png", "PNG"),
    "image/jpeg": ("jpg", "JPEG"),
    "image/webp": ("webp", "WebP"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx", "Word"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx", "Excel"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx", "PowerPoint"),
    "application/vnd.oasis.opendocument.text": ("odt", "OpenDocument text"),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods", "OpenDocument spreadsheet"),
    "application/msword": ("doc", "Word 97-2003"),
    "application/vnd.ms-excel": ("xls", "Excel 97-2003"),
}

# The main part each OOXML format declares in [Content_Types].xml. Macro-enabled variants
# (docm, xlsm, pptm) declare other types and are refused with everything else.
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}
ODF_TYPES = ("application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet")
# What filetype may call a zip container; its entries then decide (an .odp or .epub is refused).
ZIP_TYPES = frozenset({"application/zip", "application/epub+zip", *OOXML_MAIN_PARTS.values(), *ODF_TYPES})
# A declaration larger than this is not a document's manifest; it is not read (no zip bombs).
MAX_MANIFEST_BYTES = 1024 * 1024

ALLOWED_DESCRIPTION = _(
    "PDF, images (PNG, JPEG, WebP) and office documents (Word, Excel, PowerPoint, OpenDocument text "
    "and spreadsheet)"
)
FILE_INPUT_ACCEPT = ",".join(
    [*ALLOWED_TYPES, *(f".{extension}" for extension, _label in ALLOWED_TYPES.values()), ".jpeg"]
)


@dataclass(frozen=True)
class CheckedUpload:
    """An upload whose content was read and accepted: its sniffed type and stored extension."""

    upload: UploadedFile
    name: str
    content_type: str
    extension: str
    sha256: str


def max_files() -> int:
    return settings.EVIDENCE_MAX_FILES


def max_file_size() -> int:
    return settings.EVIDENCE_MAX_FILE_SIZE


def limits_help_text() -> str:
    """The allowed types and limits, as the form and the API describe them."""
    return _("Up to %(count)d files of at most %(size)s each: %(types)s.") % {
        "count": max_files(),
        "size": filesizeformat(max_file_size()),
        "types": ALLOWED_DESCRIPTION,
    }


def display_name(name: str) -> str:
    """The uploaded name without any path or control character, kept for people to read."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:200] or "evidence"


def _zip_document_type(upload: UploadedFile) -> str | None:
    """The OOXML or OpenDocument type a zip container declares, or None for any other zip."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = {info.filename: info for info in archive.infolist()}
            mimetype = entries.get("mimetype")
            if mimetype is not None and mimetype.file_size <= 100:
                declared = archive.read(mimetype).decode("ascii", "replace").strip()
                return declared if declared in ODF_TYPES else None
            manifest = entries.get("[Content_Types].xml")
            if manifest is not None and manifest.file_size <= MAX_MANIFEST_BYTES:
                declared = archive.read(manifest).decode("utf-8", "replace")
                for part_type, document_type in OOXML_MAIN_PARTS.items():
                    if f'ContentType="{part_type}"' in declared:
                        return document_type
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError):
        return None
    finally:
        upload.seek(0)
    return None


def sniff_content_type(upload: UploadedFile) -> str | None:
    """The type an upload's bytes show, if it is one a report may carry; None otherwise."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.mime in ZIP_TYPES:
        return _zip_document_type(upload)
    return kind.mime if kind.mime in ALLOWED_TYPES else None


def upload_sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def evidence_files_check(uploads: Sequence[UploadedFile]) -> list[CheckedUpload]:
    """Every upload's type from its content, its size and their number; one refusal refuses all."""
    uploads = list(uploads or ())
    if len(uploads) > max_files():
        raise ValidationError(
            {
                "evidence_files": [
                    _("A report carries at most %(count)d files; %(sent)d were sent.")
                    % {"count": max_files(), "sent": len(uploads)}
                ]
            },
            code="too_many_files",
        )
    errors, checked = [], []
    for upload in uploads:
        name = display_name(upload.name)
        if upload.size > max_file_size():
            errors.append(
                _("“%(name)s” is %(size)s; a file may be at most %(limit)s.")
                % {
                    "name": name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(max_file_size()),
                }
            )
            continue
        content_type = sniff_content_type(upload)
        if content_type is None:
            errors.append(
                _(
                    "“%(name)s” was refused: its content is not one of the accepted types "
                    "(%(types)s), whatever its name says."
                )
                % {"name": name, "types": ALLOWED_DESCRIPTION}
            )
            continue
        extension = ALLOWED_TYPES[content_type][0]
        checked.append(CheckedUpload(upload, name, content_type, extension, upload_sha256(upload)))
    if errors:
        raise ValidationError({"evidence_files": errors}, code="invalid_file")
    return checked


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback and the RFC 5987 UTF-8 name; nothing can break the header."""
    clean = display_name(name)
    fallback = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\%;' else "_" for ch in clean)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(clean, safe='')}"


def evidence_file_response(evidence: EvidenceFile) -> FileResponse:
    """The stored file as a download: its sniffed type, never rendered or sniffed by the browser."""
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = content_disposition(evidence.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
