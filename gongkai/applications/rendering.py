"""Notices as files: DOCX (fast, made on each request) and PDF (slow: several seconds of font
subsetting, so an issued notice's PDF is made once and kept; drafts are rendered each time
and marked as drafts)."""

from __future__ import annotations

from urllib.parse import quote

from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse

from gongkai.applications import letters
from gongkai.applications.models import Notice
from gongkai.core import documents

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def pdf_bytes(notice: Notice) -> bytes:
    if notice.issued and notice.pdf:
        with notice.pdf.open("rb") as fh:
            return fh.read()
    data = documents.to_pdf(letters.to_document(notice))
    if notice.issued:
        notice.pdf.save(f"notice-{notice.pk}.pdf", ContentFile(data), save=False)
        Notice.objects.filter(pk=notice.pk).update(pdf=notice.pdf.name)
    return data


def file_bytes(notice: Notice, fmt: str) -> bytes:
    if fmt == "docx":
        return documents.to_docx(letters.to_document(notice))
    if fmt == "pdf":
        return pdf_bytes(notice)
    raise Http404("不支持的文件格式")


def response(notice: Notice, fmt: str) -> HttpResponse:
    data = file_bytes(notice, fmt)
    reply = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = letters.filename(notice, fmt)
    reply["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    reply["Cache-Control"] = "private, no-store"
    return reply
