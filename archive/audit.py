"""The audit log: who did what and when. Append-only: docgen only ever inserts into it (no
statement here or anywhere updates or deletes an entry), in the same transaction as the
change it records, so a change and its entry are made or lost together."""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass

from archive.database import Database

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    seq {id},
    at TEXT NOT NULL,
    by_whom TEXT,
    action TEXT NOT NULL,
    doc_id INTEGER,
    code TEXT,
    year INTEGER,
    detail TEXT
);
CREATE INDEX IF NOT EXISTS audit_doc ON audit (doc_id);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at)
"""

# what is recorded, as the log and its page name it
ACTIONS = {
    "add": "thêm văn bản", "edit": "sửa", "reparse": "đọc lại", "review": "đã kiểm tra", "delete": "xóa (vào thùng rác)",
    "restore": "khôi phục", "purge": "xóa hẳn", "number": "cấp số", "cancel": "hủy số", "issue": "ban hành",
    "receive": "vào sổ đến", "account add": "tạo tài khoản", "account remove": "xóa tài khoản",
    "account logout": "đăng xuất mọi phiên", "login failed": "đăng nhập sai", "import": "chuyển vào cơ sở dữ liệu",
    "handling": "xử lý văn bản đến", "edxml status": "trạng thái liên thông", "edxml revocation": "thu hồi (liên thông)",
}


@dataclass
class AuditEntry:
    seq: int
    at: str
    by_whom: str | None
    action: str
    doc_id: int | None
    code: str | None
    year: int | None
    detail: dict

    def to_dict(self) -> dict:
        return {"seq": self.seq, "at": self.at, "by": self.by_whom, "action": self.action, "doc_id": self.doc_id,
                "code": self.code, "year": self.year, "detail": self.detail}


def now() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


class AuditLog:
    def __init__(self, db: Database):
        self.db = db
        if db.dialect == "sqlite":
            db.ddl(SCHEMA)

    def write(self, action: str, by_whom: str | None, doc_id: int | None = None, code: str | None = None,
              year: int | None = None, **detail) -> None:
        """One entry; called inside the transaction of the change it records."""
        self.db.execute("INSERT INTO audit (at, by_whom, action, doc_id, code, year, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (now(), by_whom, action, doc_id, code, year,
                         json.dumps(detail, ensure_ascii=False, default=str) if detail else None))

    def copy(self, entry: AuditEntry, doc_id: int | None) -> None:
        """An entry as another log holds it, under this catalog's id of its document (an import)."""
        self.db.execute("INSERT INTO audit (at, by_whom, action, doc_id, code, year, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (entry.at, entry.by_whom, entry.action, doc_id, entry.code, entry.year,
                         json.dumps(entry.detail, ensure_ascii=False, default=str) if entry.detail else None))

    def entries(self, doc_ids: list[int] | None = None, by_whom: str | None = None, since: _dt.date | None = None,
                limit: int = 10_000) -> list[AuditEntry]:
        """Newest first; doc_ids: only about these documents; since: on or after that day."""
        clauses, params = ["1 = 1"], []
        if doc_ids is not None:
            if not doc_ids:
                return []
            clauses.append(f"doc_id IN ({', '.join('?' * len(doc_ids))})")
            params += doc_ids
        if by_whom:
            clauses.append("by_whom = ?")
            params.append(by_whom)
        if since:
            clauses.append("at >= ?")
            params.append(since.isoformat())
        rows = self.db.execute(f"SELECT seq, at, by_whom, action, doc_id, code, year, detail FROM audit"
                               f" WHERE {' AND '.join(clauses)} ORDER BY seq DESC LIMIT ?", (*params, limit))
        return [AuditEntry(*r[:7], json.loads(r[7]) if r[7] else {}) for r in rows]
