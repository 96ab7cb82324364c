"""Data files for rendering: read YAML or JSON, check every field before rendering.

The schema is a pydantic model, so the command line, the web form and any
script share one definition, and every problem can be reported as one line
naming the file, the field and what was expected.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from docgen.base import decree
from docgen.base.errors import DocgenError
from docgen.base.vntext import nfc


class DataError(DocgenError):
    """A data file that cannot be rendered; str() is one line for the user."""

    title = "Dữ liệu chưa đúng"

    def __init__(self, path: str | Path, field: str | None, problem: str):
        self.path, self.field, self.problem = str(path), field, problem
        where = f"field '{field}': " if field else ""
        super().__init__(f"{path}: {where}{problem}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _nfc(cls, values: Any) -> Any:
        return _to_nfc(values)


def _to_nfc(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_to_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_nfc(v) for k, v in value.items()}
    return value


class Signer(_Strict):
    authority: str | None = Field(None, description="TM., KT., TL., TUQ. or Q.")
    on_behalf_of: str | None = Field(
        None, description="the collective or head signed for: 'Ủy ban nhân dân', 'Chủ tịch'"
    )
    chain: list[str] = Field(default_factory=list, description="levels of authority, one a line: "
                             "['TM. Ủy ban nhân dân', 'KT. Chủ tịch'] (instead of authority and on_behalf_of)")
    title: str = Field(description="the signer's own title: 'Chủ tịch', 'Phó Chủ tịch'")
    name: str = Field(description="the signer's full name")

    @field_validator("authority")
    @classmethod
    def _authority(cls, value: str | None) -> str | None:
        return decree.normalise_authority(value) if value else None

    @model_validator(mode="after")
    def _needs_principal(self) -> "Signer":
        if self.chain:
            if self.authority or self.on_behalf_of:
                raise ValueError("give either chain (several levels) or authority with on_behalf_of (one level)")
            decree.chain_lines(self.chain, self.title)  # raises with the level that is wrong
            return self
        if self.authority and self.authority != "Q." and not self.on_behalf_of:
            raise ValueError(f"{self.authority} needs 'on_behalf_of' (the collective or head signed for)")
        return self

    @property
    def lines(self) -> list[str]:
        if self.chain:
            return decree.chain_lines(self.chain, self.title)
        return decree.signature_lines(self.authority, self.on_behalf_of, self.title)


class Invitation(_Strict):
    invitee: str = Field(description="who is invited: 'Ông (bà) …' or a list of units")
    event: str = Field(description="what to attend: 'Hội nghị sơ kết …'")
    time: str = Field(description="'08 giờ 00, thứ Sáu, ngày 12 tháng 5 năm 2023'")
    venue: str = Field(description="where")
    chair: str | None = Field(None, description="who chairs")


class DocumentData(_Strict):
    template: str = Field(description="template id, see `docgen templates`")
    type: str | None = Field(None, description="document type name, when the template does not fix it")
    parent_issuer: str | None = Field(None, description="cơ quan chủ quản, if any")
    issuer: str = Field(description="tên cơ quan ban hành: 'Ủy ban nhân dân Quận 1'")
    issuer_abbr: str = Field(description="issuer's abbreviation in the ký hiệu: 'UBND'")
    unit_abbr: str | None = Field(None, description="drafting unit in a công văn's ký hiệu: 'NV'")
    number: int | None = Field(None, ge=1, description="the số; leave empty for the e-office system")
    place: str = Field(description="địa danh: 'Quận 1'")
    date: _dt.date | None = Field(None, description="issue date, YYYY-MM-DD; empty leaves it blank")
    year: int | None = Field(None, description="the year printed when date is empty")
    subject: str = Field(description="trích yếu")
    recipients: list[str] = Field(default_factory=list, description="Kính gửi")
    bases: list[str] = Field(default_factory=list, description="căn cứ / thực hiện lines")
    competent_authority: str | None = Field(
        None, description="Quyết định: 'CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN 1' above the căn cứ"
    )
    proposal: str | None = Field(None, description="Quyết định: 'Theo đề nghị của …'")
    invitation: Invitation | None = None
    body: str = Field("", description="structured text: headings I., 1., 1.1., '- ' bullets, tables")
    cc: list[str] = Field(default_factory=list, description="Nơi nhận, without the Lưu line")
    archive_copy: str = Field("VT", description="the Lưu line: 'VT, NV, B.Th(5b)'")
    copies: int | None = Field(None, ge=1, description="số lượng bản issued, for the register")
    secret: bool = Field(False, description="a secret document: numbered in its own series")
    urgency: str | None = Field(None, description="Khẩn, Thượng khẩn or Hỏa tốc (ô 10b)")
    secrecy: str | None = Field(None, description="Mật, Tối mật or Tuyệt mật (ô 10a); numbers it in the secret series")

    @field_validator("urgency", "secrecy")
    @classmethod
    def _level(cls, value: str | None, info):
        if value is None or not value.strip():
            return None
        try:
            decree.mark(info.field_name, value)
        except KeyError as exc:
            raise ValueError(str(exc.args[0])) from None
        return value.strip()

    @model_validator(mode="after")
    def _secret_when_marked(self) -> "DocumentData":
        if self.secrecy:
            self.secret = True
        return self
    signer: Signer

    issuer_header: str | None = Field(None, description="the issuer as the header breaks it (set from a line "
                                                        "break typed in issuer)")

    @model_validator(mode="before")
    @classmethod
    def _issuer_break(cls, raw):
        """A line break typed in the issuer's name chooses where the header breaks it; everywhere
        else (the series, the register, the archive) the name is one line."""
        if isinstance(raw, dict) and isinstance(raw.get("issuer"), str) and "\n" in raw["issuer"].strip():
            raw = {**raw, "issuer_header": "\n".join(part.strip() for part in raw["issuer"].strip().splitlines()),
                   "issuer": " ".join(raw["issuer"].split())}
        return raw

    @field_validator("issuer", "place", "subject", "issuer_abbr")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value:
            raise ValueError("must not be empty")
        return value

    @field_validator("recipients", "bases", "cc", mode="before")
    @classmethod
    def _no_blank_items(cls, value):
        """`cc:` with nothing after it (YAML's null) is an empty list; one name alone a list of one."""
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        return [v for v in value if v] if isinstance(value, list) else value

    @field_validator("archive_copy", mode="before")
    @classmethod
    def _keeper(cls, value):
        """The Lưu line always names the văn thư (VT): left empty, it is "VT" (Điều 15, Phụ lục III)."""
        return value if isinstance(value, str) and value.strip(" .;") else "VT"

    @field_validator("body")
    @classmethod
    def _some_text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the document has no text: write its body (paragraphs, '1.' headings, '- ' items)")
        return value


def _yaml_load(text: str) -> Any:
    # Dates stay dates; everything else plain.
    return yaml.safe_load(text)


def read_data_file(path: str | Path) -> dict:
    """The raw mapping in a YAML or JSON file; DataError when it cannot be read."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(path, None, "file not found") from None
    except UnicodeDecodeError:
        raise DataError(path, None, "not UTF-8 text") from None
    except OSError as exc:
        raise DataError(path, None, exc.strerror or str(exc)) from None
    try:
        raw = json.loads(text) if path.suffix.lower() == ".json" else _yaml_load(text)
    except json.JSONDecodeError as exc:
        raise DataError(path, None, f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise DataError(path, None, f"not valid YAML ({where}{getattr(exc, 'problem', exc)})") from None
    if not isinstance(raw, dict):
        raise DataError(path, None, "expected a mapping of fields at the top level")
    return raw


def _describe(error: dict) -> tuple[str, str]:
    field = ".".join(str(p) for p in error["loc"]) or None
    kind, message = error["type"], error["msg"]
    if kind == "missing":
        message = "required but missing"
    elif kind == "extra_forbidden":
        message = "unknown field (check its spelling)"
    elif kind.startswith("date"):
        message = "expected a date written YYYY-MM-DD"
    elif kind.startswith("int"):
        message = "expected a whole number"
    elif kind == "value_error":
        message = message.removeprefix("Value error, ")
    return field, message


def validate(raw: dict, path: str | Path = "<data>") -> DocumentData:
    """The checked data, or DataError naming the first problem found."""
    try:
        return DocumentData.model_validate(raw)
    except ValidationError as exc:
        field, message = _describe(exc.errors()[0])
        raise DataError(path, field, message) from None


def load(path: str | Path) -> DocumentData:
    return validate(read_data_file(path), path)
