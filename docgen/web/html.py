"""Turning answers into pages: the Jinja2 environment (autoescape on, so document text is
always shown as text) and the two places that build HTML from text by hand, escaping
every character that is not markup of ours."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from docgen.base.vntext import typed_date
from docgen.web.messages import reason_vi, warning_vi
from docgen.web.security import CSRF_COOKIE, csrf_token

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
RELATIONS = {"no-later-than": "chậm nhất", "before": "trước ngày", "until": "đến hết", "within": "trong kỳ",
             "on": "vào ngày"}


def vn_date(value, empty: str = "–") -> str:
    """25/04/2023, as clerks write dates (the catalog keeps ISO dates, some as text)."""
    if not value:
        return empty
    if isinstance(value, str):
        value = _dt.date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


ROLE_NAMES = {"reader": "người xem", "officer": "chuyên viên", "clerk": "văn thư", "leader": "lãnh đạo",
              "admin": "quản trị"}


def user_date(value: str) -> _dt.date | None:
    """A date as a clerk types it: 08/02/2023 (as every page shows dates), 8/2/2023, or 2023-02-08.
    Raises ValueError for anything else."""
    return typed_date(value) if value.strip() else None


TEMPLATES.env.filters["ngay"] = vn_date
TEMPLATES.env.filters["vai_tro"] = lambda role: ROLE_NAMES.get(role, role)
TEMPLATES.env.filters["quan_he"] = lambda relation: RELATIONS.get(relation, relation)


def vn_time(value: str | None) -> str:
    """25/04/2023 14:05, from an ISO timestamp as the catalog keeps them."""
    if not value:
        return "–"
    moment = _dt.datetime.fromisoformat(value)
    return moment.strftime("%d/%m/%Y %H:%M")


# the fields of a record and of the log's details, as the pages name them
FIELD_WORDS = {"type": "loại", "code": "số, ký hiệu", "issuer": "cơ quan ban hành", "parent_issuer": "cơ quan chủ quản",
               "place": "địa danh", "date": "ngày", "subject": "trích yếu", "signer.authority": "thẩm quyền ký",
               "signer.title": "chức vụ người ký", "signer.name": "người ký", "recipients": "kính gửi",
               "references": "văn bản trích dẫn", "deadlines": "hạn xử lý", "field": "trường", "old": "cũ",
               "new": "mới", "file": "tệp", "series": "sổ", "number": "số", "reason": "lý do", "account": "tài khoản",
               "role": "vai trò", "address": "địa chỉ", "sessions": "số phiên", "kept": "giữ sửa tay",
               "disagreements": "khác với bản đọc mới", "source": "nguồn", "documents": "số văn bản",
               "status": "trạng thái", "lead": "chủ trì", "due": "hạn", "note": "ghi chú", "organ": "cơ quan",
               "description": "mô tả", "at": "lúc"}
TEMPLATES.env.filters["ngay_gio"] = vn_time
TEMPLATES.env.filters["canh_bao"] = warning_vi
TEMPLATES.env.filters["ly_do"] = reason_vi
TEMPLATES.env.filters["ten_truong"] = lambda name: FIELD_WORDS.get(name, name)


def page(request: Request, template: str, context: dict, status_code: int = 200) -> HTMLResponse:
    """A page; the CSRF token is set as a cookie and handed to its forms, the account to the menu."""
    token = csrf_token(request)
    account = getattr(request.state, "account", None)
    response = TEMPLATES.TemplateResponse(request, template, {**context, "csrf": token, "account": account},
                                          status_code=status_code)
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
    return response


def highlighted(snippet) -> Markup:
    """The snippet as HTML: every character escaped, the matched words in <mark>."""
    out, pos = [], 0
    for start, end in snippet.highlights:
        out.append(escape(snippet.text[pos:start]))
        out.append(Markup("<mark>") + escape(snippet.text[start:end]) + Markup("</mark>"))
        pos = end
    out.append(escape(snippet.text[pos:]))
    return Markup("").join(out)


def linked_text(text: str, mentions: list[list[tuple[int, int]]], targets: dict[int, int | None]) -> Markup:
    """The document's text with each reference marked where it is mentioned (mentions[i]: the
    spans of reference i): a link to its archived document, or a note that the archive lacks
    it. Everything else is escaped."""
    spans = sorted((start, end, index) for index, spans in enumerate(mentions) for start, end in spans)
    out, pos = [], 0
    for start, end, index in spans:
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        piece = escape(text[start:end])
        target = targets.get(index)
        if target:
            out.append(Markup(f'<a class="ref" href="/doc/{target}">') + piece + Markup("</a>"))
        else:
            out.append(Markup('<span class="ref missing" title="Chưa có trong kho lưu trữ">') + piece + Markup("</span>"))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)
