"""The library's messages in Vietnamese, for the pages: the parser's warnings, why a file was
not taken, a refused correction. Records keep the warnings as the parser writes them
(English, as the CLI and the JSON show them); a page shows each through these tables, one
pattern a message, what it quotes carried over. A message not in a table is shown as
written (a newer parser's), never dropped."""

from __future__ import annotations

import re

# (the parser's message as a pattern, its Vietnamese); {1}, {2}: what the pattern caught
WARNINGS: list[tuple[str, str]] = [
    (r"no số/ký hiệu line in the header", "không thấy dòng số, ký hiệu ở phần đầu văn bản"),
    (r"no place-and-date line in the header", "không thấy dòng địa danh, ngày tháng ở phần đầu văn bản"),
    (r"issuer inferred from the body \(no header line\)", "cơ quan ban hành suy ra từ nội dung (phần đầu không ghi)"),
    (r"issuer not stated", "không ghi cơ quan ban hành"),
    (r"issuer read from the authority line (.+)", "cơ quan ban hành đọc từ dòng thẩm quyền ký {1}"),
    (r"issue day left blank", "ngày ban hành còn để trống"),
    (r"number left blank \(ký hiệu /(.+)\)", "số còn để trống (ký hiệu /{1})"),
    (r"number unreadable \((.+), ký hiệu /(.+)\)", "không đọc được số ({1}, ký hiệu /{2})"),
    (r"impossible issue date in (.+)", "ngày ban hành không có thật trong {1}"),
    (r"date taken from a date line outside the header", "ngày lấy từ một dòng ngày tháng ngoài phần đầu"),
    (r"date of a Biên bản taken from its start time", "ngày của biên bản lấy từ thời gian bắt đầu"),
    (r"date of first issue taken from a certificate's label line", "ngày cấp lần đầu lấy từ dòng ghi trên giấy chứng nhận"),
    (r"date of passage taken from the closing formula", "ngày thông qua lấy từ câu kết của văn bản"),
    (r"số/ký hiệu read without its label from the date line: (.+)", "số, ký hiệu đọc từ dòng ngày tháng (không có chữ «Số:»): {1}"),
    (r"place (.+) read as (.+), as in the issuer's name", "địa danh {1} đọc thành {2}, như trong tên cơ quan ban hành"),
    (r"signer's name not found", "không thấy tên người ký"),
    (r"signer's name read beside the Nơi nhận list \(columns flattened\)", "tên người ký đọc bên cạnh danh sách Nơi nhận"),
    (r"signer's name read from the end of the Lưu line", "tên người ký đọc ở cuối dòng «Lưu»"),
    (r"signer's title inferred from the KT\. line", "chức vụ người ký suy ra từ dòng KT."),
    (r"signer's title taken from the text: (.+)", "chức vụ người ký lấy từ nội dung: {1}"),
    (r"(\d+) signers: no single signer", "{1} người ký: không có một người ký duy nhất"),
    (r"(\w+) repaired from OCR damage \(without diacritics\): (.+)",
     "{1} sửa từ lỗi nhận dạng chữ (OCR), không dấu: {2}"),
    (r"(\w+) completed with the province the text names: (.+)", "{1} bổ sung tên tỉnh mà văn bản nêu: {2}"),
    (r"(\w+) spelled out as in the text: (.+)", "{1} viết đầy đủ như trong văn bản: {2}"),
    (r"an English translation: type read from its English title", "bản dịch tiếng Anh: loại văn bản đọc từ tên tiếng Anh"),
    (r"fields read from an attribute table: the page carries no document text",
     "thông tin đọc từ bảng thuộc tính: trang không có nội dung văn bản"),
    (r"text converted from the legacy (.+) encoding", "văn bản chuyển từ bảng mã cũ {1}"),
    (r"text of (\d+) of (\d+) pages read by OCR", "nội dung {1}/{2} trang đọc bằng nhận dạng chữ (OCR)"),
    (r"(\d+) of (\d+) pages have no plausible text layer", "{1}/{2} trang không có lớp chữ đọc được"),
    (r"only the first (\d+) of (\d+) pages without text were OCR'd", "chỉ nhận dạng chữ {1} trang đầu trong {2} trang không có chữ"),
    (r"page (\d+): text kept in stream order \((.+)\)", "trang {1}: giữ thứ tự chữ như trong tệp ({2})"),
    (r"the original file is lost from the archive.*", "tệp gốc đã mất khỏi kho lưu trữ (docgen archive verify phát hiện)"),
    (r"the record cannot be read.*", "không đọc được bản ghi: chạy docgen archive verify"),
]

# why a file was not taken (the archive's reasons), as the upload page says it
REASONS: list[tuple[str, str]] = [
    (r"file not found", "không tìm thấy tệp"),
    (r"empty file", "tệp rỗng"),
    (r"not UTF-8 text", "không phải văn bản UTF-8"),
    (r"unsupported file type '(.*)' \(.+\)", "không nhận loại tệp «{1}» (chỉ .txt, .md, .docx, .doc, .pdf, .edxml)"),
    (r"not a \.docx file \(not a zip archive\)", "không phải tệp .docx"),
    (r"not a readable \.docx \((.+)\)", "tệp .docx bị hỏng ({1})"),
    (r"damaged \.docx \((.+)\)", "tệp .docx bị hỏng ({1})"),
    (r"not a readable PDF.*", "không phải tệp PDF đọc được"),
    (r"a PDF with no pages", "tệp PDF không có trang nào"),
    (r"LibreOffice could not read this \.doc file.*", "LibreOffice không đọc được tệp .doc này"),
    (r"refused: unpacks to (\d+) MB from (\d+) KB.*", "từ chối: giải nén ra {1} MB từ {2} KB (nghi là bom nén)"),
    (r"refused: reading it needs more than (\d+) MB of memory", "từ chối: đọc tệp cần hơn {1} MB bộ nhớ"),
    (r"refused: reading it (.+) \(limit (\d+) s\)", "từ chối: đọc tệp quá {2} giây"),
    (r"refused: ([\d,]+) characters of text.*", "từ chối: {1} ký tự, quá dài"),
    (r"refused: (\d+) MB of text.*", "từ chối: {1} MB văn bản, quá lớn"),
    (r"refused: (\S+) of its text is in no encoding docgen reads.*", "từ chối: {1} nội dung không ở bảng mã nào đọc được"),
    (r"a symbolic link, not followed.*", "liên kết tượng trưng, không đọc"),
    (r"(.+) of (\d{4}) from (.+) is already in the archive: (.+) \(another file\)",
     "{1} năm {2} của {3} đã có trong kho lưu trữ: {4} (tệp khác)"),
    (r"no space left on the disk for the catalog", "đĩa đầy, không ghi được"),
    (r"refused: the attachment (.+) is not base64.*", "từ chối: tệp đính kèm {1} không đúng mã base64; không lưu gì"),
    (r"not an edXML package.*", "không phải gói edXML"),
    (r"not XML.*", "không phải tệp XML"),
    (r"the package has no Code.*", "gói edXML không có số, ký hiệu (Code); không lưu gì"),
    (r"refused: a DOCTYPE.*", "từ chối: gói có khai báo DOCTYPE"),
    (r"status (\d+) \((.+)\) for (.+), not archived here", "trạng thái {1} ({2}) cho {3}, văn bản chưa có ở đây"),
    (r"status (\d+) \((.+)\) for (.+)", "trạng thái {1} ({2}) cho {3}"),
    (r"(.+) of (\d{4}) is archived from (.+)", "{1} năm {2} đã có trong kho lưu trữ từ tệp {3}"),
]

# the fields the parser names in its messages, as the pages name them
FIELDS = {"subject": "trích yếu", "signer_name": "tên người ký", "signer_title": "chức vụ người ký", "issuer": "cơ quan ban hành",
          "parent_issuer": "cơ quan chủ quản", "place": "địa danh", "type": "loại văn bản", "code": "số, ký hiệu"}

_COMPILED = [(re.compile(rf"^{pattern}$"), text) for pattern, text in WARNINGS]
_REASONS = [(re.compile(rf"^{pattern}$"), text) for pattern, text in REASONS]


def _translated(message: str, table) -> str:
    for pattern, text in table:
        if m := pattern.match(message):
            caught = [FIELDS.get(g, g) for g in m.groups()]
            return re.sub(r"\{(\d)\}", lambda k: caught[int(k.group(1)) - 1], text)
    return message


def warning_vi(message: str) -> str:
    """A parser warning in Vietnamese (as written when the table does not know it)."""
    return _translated(message.removeprefix("edXML "), _COMPILED)


def reason_vi(message: str) -> str:
    """Why a file was not taken, in Vietnamese (as written when the table does not know it)."""
    return _translated(message, _REASONS)


# the correction form's labels of the fields a clerk sets (archive.corrections.SCALAR_FIELDS)
FIELD_LABELS = {"type": "Loại văn bản", "code": "Số, ký hiệu", "issuer": "Cơ quan ban hành",
                "parent_issuer": "Cơ quan chủ quản", "place": "Địa danh", "date": "Ngày ban hành",
                "subject": "Trích yếu", "signer.authority": "Thẩm quyền ký (TM., KT., …)",
                "signer.title": "Chức vụ người ký", "signer.name": "Người ký", "recipients": "Kính gửi (ngăn bằng ;)"}


def correction_vi(message: str) -> str:
    """A refused correction's message with its field named as the form labels it."""
    for field, label in FIELD_LABELS.items():
        message = message.replace(f"field '{field}'", f"ô «{label}»")
    return message
