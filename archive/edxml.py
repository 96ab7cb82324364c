"""edXML packages (QCVN 102:2016/BTTTT), the national document-exchange format: read one into
what it says (the header as fields, the attached files, or a status answering a document),
and write an archived document as one.

Reading never trusts the file: the XML is parsed by a streaming target (lxml), with no DTD, no
entity expansion and no network; a DOCTYPE is refused outright. An attachment's base64 text is
decoded chunk by chunk into a temporary file as it arrives, so a large package is never held
twice in memory. What does not parse is reported field by field; the rest is kept.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from docgen.base.errors import DocgenError

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
STATUS = {"01": "đã đến", "02": "từ chối", "03": "tiếp nhận", "04": "phân công", "05": "đang xử lý",
          "06": "hoàn thành", "13": "lấy lại", "15": "đồng ý lấy lại", "16": "từ chối lấy lại"}
BUSINESS = {"0": "new", "1": "revocation", "2": "update", "3": "replacement"}  # BussinessDocType
CHUNK = 1 << 20


class EdxmlError(DocgenError):
    """A package that cannot be read at all; str() names the file and the problem."""

    title = "Gói edXML không đọc được"


class SenderNotSet(EdxmlError):
    """The office's own identity for the exchange is not configured."""

    title = "Chưa khai báo mã định danh của cơ quan (edxml.yaml)"


@dataclass
class Attachment:
    name: str
    content_type: str | None
    path: Path  # the decoded file, in the reader's temporary folder


@dataclass
class Message:
    """What a package says. fields: 'MessageHeader/Code/CodeNumber' → text (first occurrence);
    lists: repeated fields ('MessageHeader/ToPlaces/Place') → every text."""

    fields: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    damage: list[str] = field(default_factory=list)  # where the XML itself is broken (read past, reported)

    def get(self, path: str) -> str:
        return (self.fields.get(path) or "").strip()

    @property
    def is_status(self) -> bool:
        return bool(self.get("MessageHeader/StatusCode"))

    @property
    def business(self) -> str:
        return BUSINESS.get(self.get("TraceHeaderList/Bussiness/BussinessDocType") or "0", "new")


# where a field sits, as paths below the envelope's header (namespace and envelope left out)
_SKIP = {"edXML", "edXMLEnvelope", "edXMLHeader", "edXMLBody"}


class _Reader:
    """An lxml parser target: element paths and their text, attachments decoded as they stream."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.stack: list[str] = []
        self.text: list[str] = []
        self.message = Message()
        self.namespaces: set[str] = set()
        self.decoder: _Base64File | None = None
        self.current: dict[str, str] = {}

    def doctype(self, *args) -> None:
        raise EdxmlError("a DOCTYPE (entity declarations are not read)")

    def start(self, tag, attrib, nsmap=None) -> None:
        namespace, _, local = tag.rpartition("}")
        if namespace:
            self.namespaces.add(namespace.lstrip("{"))
        self.stack.append(local)
        self.text = []
        if local == "ContentTransferEncoded":
            self.decoder = _Base64File(self.folder / f"attachment-{len(self.message.attachments)}",
                                       self.current.get("AttachmentName") or "an attachment")
        elif local == "Attachment":
            self.current = {}

    def data(self, text: str) -> None:
        if self.decoder is not None:
            self.decoder.write(text)
        elif len(self.text) < 10_000:  # a header field, never megabytes
            self.text.append(text)

    def end(self, tag) -> None:
        local = self.stack[-1]
        path = "/".join(p for p in self.stack if p not in _SKIP)
        if local == "ContentTransferEncoded" and self.decoder is not None:
            self.current["path"] = str(self.decoder.close())
            self.decoder = None
        else:
            value = "".join(self.text).strip()
            if "Attachment" in self.stack and local in ("AttachmentName", "ContentType", "ContentId"):
                self.current[local] = value
            if local == "Attachment" and "path" in self.current:
                self.message.attachments.append(Attachment(self.current.get("AttachmentName") or "attachment",
                                                           self.current.get("ContentType"), Path(self.current["path"])))
            if value:
                self.message.fields.setdefault(path, value)
                self.message.lists.setdefault(path, []).append(value)
        self.stack.pop()
        self.text = []

    def release(self) -> None:
        """The file of an attachment left half-decoded by an error, closed."""
        if self.decoder is not None:
            self.decoder.out.close()
            self.decoder = None

    def comment(self, text) -> None:
        pass

    def close(self) -> Message:
        return self.message


class _Base64File:
    """base64 text decoded into a file as it arrives (whitespace and line breaks allowed)."""

    def __init__(self, path: Path, name: str):
        self.path = path
        self.name = name
        self.out = open(path, "wb")
        self.rest = ""

    def write(self, text: str) -> None:
        text = self.rest + "".join(text.split())
        cut = len(text) - len(text) % 4
        self.rest = text[cut:]
        if cut:
            try:
                self.out.write(base64.b64decode(text[:cut], validate=True))
            except binascii.Error:
                raise EdxmlError(f"the attachment {self.name} is not base64; nothing was stored") from None

    def close(self) -> Path:
        self.out.close()
        if self.rest:
            raise EdxmlError(f"the attachment {self.name} is not base64 (cut short); nothing was stored")
        return self.path


def read(path: Path, folder: Path | None = None) -> Message:
    """The package at path; attachments decoded into folder (a new temporary one by default).
    EdxmlError (one line naming the file) for what is not an edXML package at all."""
    path = Path(path)
    folder = Path(folder or tempfile.mkdtemp(prefix="docgen-edxml-"))
    reader = _Reader(folder)
    # recover: a package with a broken tag (one of the national samples has one) is read past
    # the break and the break reported; a file that is not XML at all yields no edXML namespace
    parser = etree.XMLParser(target=reader, resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=True, remove_comments=True, recover=True)
    try:
        with open(path, "rb") as source:
            while chunk := source.read(CHUNK):
                parser.feed(chunk)
        message = parser.close()
    except EdxmlError as exc:
        raise EdxmlError(f"{path}: refused: {exc}") from None
    except etree.XMLSyntaxError as exc:
        raise EdxmlError(f"{path}: not XML ({exc.msg})") from None
    except OSError as exc:
        raise EdxmlError(f"{path}: {exc.strerror or exc}") from None
    finally:
        reader.release()
    message.damage = [f"XML damaged at line {e.line}: {e.message}" for e in parser.error_log
                      if e.level_name in ("ERROR", "FATAL")][:5]
    if NS not in reader.namespaces:
        found = ", ".join(sorted(reader.namespaces)) or "none"
        raise EdxmlError(f"{path}: not an edXML package (namespace {found}, expected {NS})")
    if not message.is_status and not message.get("MessageHeader/Code/CodeNotation"):
        raise EdxmlError(f"{path}: the package has no Code (CodeNumber/CodeNotation): nothing was stored")
    return message


def date_of(text: str) -> _dt.date | None:
    """yyyy/MM/dd as edXML writes dates (a time after it is left out)."""
    m = re.match(r"^\s*(\d{4})[/-](\d{1,2})[/-](\d{1,2})", text or "")
    if not m:
        return None
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def document_id_parts(text: str) -> tuple[str, str, str] | None:
    """DocumentId "OrganId,yyyy/MM/dd,số/ký hiệu" → its three parts."""
    parts = [p.strip() for p in (text or "").split(",", 2)]
    return tuple(parts) if len(parts) == 3 else None


# --- writing ---------------------------------------------------------------------------

def _element(name: str, value, indent: int) -> str:
    pad = "  " * indent
    if isinstance(value, list):
        inner = "".join(_element(k, v, indent + 1) for k, v in value)
        return f"{pad}<edXML:{name}>\n{inner}{pad}</edXML:{name}>\n"
    return f"{pad}<edXML:{name}>{escape(str(value))}</edXML:{name}>\n"


def write(out: Path, header: list[tuple[str, object]], attachment: Path | None, attachment_name: str,
          content_type: str) -> Path:
    """A package: the MessageHeader's fields in order (name, text or [(name, …)]), the original
    attached base64-encoded, written chunk by chunk."""
    out = Path(out)
    with open(out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write(f'<edXML xmlns="{NS}">\n  <edXML:edXMLEnvelope xmlns:edXML="{NS}">\n    <edXML:edXMLHeader>\n')
        f.write(_element("MessageHeader", header, 3))
        f.write("    </edXML:edXMLHeader>\n    <edXML:edXMLBody>\n")
        if attachment is not None:
            f.write('      <edXML:edXMLManifest version="1.0">\n        <edXML:Reference>\n')
            f.write(f"          <edXML:ContentId>cid:1</edXML:ContentId>\n"
                    f"          <edXML:ContentType>{escape(content_type)}</edXML:ContentType>\n"
                    f"          <edXML:Description>{escape(attachment_name)}</edXML:Description>\n"
                    f"          <edXML:AttachmentName>{escape(attachment_name)}</edXML:AttachmentName>\n")
            f.write("        </edXML:Reference>\n      </edXML:edXMLManifest>\n")
        f.write("    </edXML:edXMLBody>\n  </edXML:edXMLEnvelope>\n")
        if attachment is not None:
            f.write(f"  <AttachmentEncoded>\n    <Attachment>\n      <ContentId>cid:1</ContentId>\n"
                    f"      <AttachmentName>{escape(attachment_name)}</AttachmentName>\n"
                    f"      <ContentType>{escape(content_type)}</ContentType>\n"
                    f'      <edXML:ContentTransferEncoded xmlns:edXML="{NS}">')
            with open(attachment, "rb") as source:
                while chunk := source.read(57 * 1024):  # whole base64 groups a chunk
                    f.write(base64.b64encode(chunk).decode("ascii"))
            f.write("</edXML:ContentTransferEncoded>\n    </Attachment>\n  </AttachmentEncoded>\n")
        f.write("</edXML>\n")
    return out
