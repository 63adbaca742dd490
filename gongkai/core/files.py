"""Uploaded files: the type is decided by content, not by name, and stored under a safe name.

`sniff(head)` looks at the first bytes (and, for ZIP containers, the member names) and says
what a file really is. `check_upload(name, data)` accepts only the document and image types
the platform publishes, and only when the name's extension agrees with the content.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.utils import timezone

# kind -> (extensions allowed for it, MIME type)
KINDS = {
    "pdf": ({"pdf"}, "application/pdf"),
    "ofd": ({"ofd"}, "application/ofd"),
    "docx": ({"docx"}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ({"xlsx"}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ole": ({"doc", "xls", "wps", "et"}, "application/msword"),
    "png": ({"png"}, "image/png"),
    "jpeg": ({"jpg", "jpeg"}, "image/jpeg"),
    "gif": ({"gif"}, "image/gif"),
}
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


class UploadError(ValueError):
    pass


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    extension: str
    content_type: str
    size: int
    sha256: str


def sniff(data: bytes) -> str | None:
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "OFD.xml" in names:
            return "ofd"
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
        return None
    return None


def check_upload(name: str, data: bytes, *, max_bytes: int) -> CheckedFile:
    extension = PurePath(name).suffix.lower().lstrip(".")
    if not data:
        raise UploadError(f"文件“{name}”是空文件")
    if len(data) > max_bytes:
        raise UploadError(
            f"文件“{name}”大小{len(data) / 1048576:.1f}MB，超过上限{max_bytes / 1048576:.0f}MB"
        )
    if data.startswith(EXECUTABLE_MAGIC):
        raise UploadError(f"文件“{name}”是可执行程序或脚本，不允许上传")
    kind = sniff(data)
    if kind is None:
        raise UploadError(
            f"文件“{name}”的内容不是允许的类型（PDF、OFD、DOC/DOCX、XLS/XLSX、PNG、JPG、GIF）"
        )
    extensions, content_type = KINDS[kind]
    if extension not in extensions:
        raise UploadError(
            f"文件“{name}”的扩展名与内容不符：内容是{kind.upper()}，扩展名却是“.{extension}”"
        )
    return CheckedFile(kind, extension, content_type, len(data), hashlib.sha256(data).hexdigest())


def safe_storage_name(prefix: str, extension: str) -> str:
    """A name that reveals nothing of the upload's own name: prefix/YYYY/MM/<uuid>.<ext>."""
    today = timezone.localdate()
    return f"{prefix}/{today:%Y/%m}/{uuid.uuid4().hex}.{extension}"


TEXT_LIMIT = 200_000
_XML_TAG = re.compile(r"<[^>]+>")


def extract_text(kind: str, data: bytes) -> str:
    """Plain text of a DOCX or a text PDF (for search); "" for other kinds, scanned PDFs or
    files that cannot be read. Never raises."""
    try:
        if kind == "docx":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                xml = archive.read("word/document.xml").decode("utf-8", "replace")
            xml = xml.replace("</w:p>", "\n").replace("<w:tab/>", " ")
            return html.unescape(_XML_TAG.sub("", xml))[:TEXT_LIMIT].strip()
        if kind == "pdf":
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            parts = []
            for page in reader.pages:
                parts.append(page.extract_text() or "")
                if sum(map(len, parts)) > TEXT_LIMIT:
                    break
            return "\n".join(parts)[:TEXT_LIMIT].strip()
    except Exception:  # a damaged attachment must not block its upload
        return ""
    return ""
