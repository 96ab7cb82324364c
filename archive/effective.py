"""Text → when the document itself takes effect: "Nghị định này có hiệu lực thi hành kể
từ ngày 01 tháng 3 năm 2026", "Quyết định này có hiệu lực kể từ ngày ký", "… có hiệu lực
sau 45 ngày kể từ ngày ký ban hành", "… kể từ ngày ban hành đến hết ngày 28 tháng 02 năm 2027".

Only the document's own entry into force ("X này có hiệu lực"): another document's
("Luật A có hiệu lực từ ngày …") is not this one's. These dates are never deadlines;
the deadline step leaves the sentences found here alone.
"""

from __future__ import annotations

import datetime as _dt
import re

from archive import patterns as P
from archive.record import Effective
from docgen.base.vntext import fold, nfc

# "X này": the document speaking of itself. (folded, lower case)
_KINDS = (r"(?:bo\s+luat|luat|phap\s+lenh|nghi\s+quyet(?:\s+lien\s+tich)?|nghi\s+dinh|thong\s+tu(?:\s+lien\s+tich)?|"
          r"quyet\s+dinh|chi\s+thi|ke\s+hoach|quy\s+che|quy\s+dinh|van\s+ban|huong\s+dan|thong\s+bao|"
          r"giay\s+phep|giay\s+chung\s+nhan|lenh|chuong\s+trinh|de\s+an)")
THIS_DOCUMENT = _KINDS + r"\s+nay"
# "Điều 3. Quyết định có hiệu lực kể từ ngày ký": the kind alone opening the article or the line
# speaks of the document too (another one is named by its number: "Quyết định số … có hiệu lực").
# A pattern of its own, anchored at a line's start, so that the search stays fast.
THIS_DOCUMENT_OPENING = r"^\W{0,3}(?:dieu\s+\d+\s*[.:]\s*)?" + _KINDS
DAY = r"(?P<{p}d>\d{{1,2}})\s*(?:thang\s*(?P<{p}m>\d{{1,2}})\s*(?:,\s*)?nam\s*(?P<{p}y>\d{{4}})|[/.-]\s*(?P<{p}m2>\d{{1,2}})\s*[/.-]\s*(?P<{p}y2>\d{{4}}))"
TAKES_EFFECT = (
    r"\s+(?:co|duoc)\s+hieu\s+luc(?:\s+thi\s+hanh)?\s*(?:,\s*)?"
    r"(?:(?:ke\s+)?tu\s+ngay\s+(?:" + DAY.format(p="") + r"|(?P<signed>(?:ky|ban\s+hanh|cong\s+bo|(?:duoc\s+)?thong\s+qua)"
    r"(?:\s+ban\s+hanh)?))"
    r"|sau\s+(?P<after>\d{1,3})\s+ngay\s+(?:,\s*)?ke\s+tu\s+ngay\s+(?:ky|ban\s+hanh|cong\s+bo)(?:\s+ban\s+hanh)?)"
    r"(?:\s*(?:cho\s+)?den\s+(?:het\s+)?ngay\s+" + DAY.format(p="e") + r")?"
)
EFFECTIVE = re.compile(THIS_DOCUMENT + TAKES_EFFECT)
_ANCHOR = re.compile(r"hieu\s+luc")
EFFECTIVE_OPENING = re.compile(THIS_DOCUMENT_OPENING + TAKES_EFFECT, re.MULTILINE)


def _day(m: re.Match, p: str) -> _dt.date | None:
    d = m.group(f"{p}d")
    month = m.group(f"{p}m") or m.group(f"{p}m2")
    year = m.group(f"{p}y") or m.group(f"{p}y2")
    if not (d and month and year):
        return None
    try:
        return _dt.date(int(year), int(month), int(d))
    except ValueError:
        return None


def find_effective(text: str, issue_date: _dt.date | None = None) -> list[Effective]:
    """Every statement of the document's own entry into force, in order. "From signing" (or, for
    a resolution, "from its passing", the day it is dated) gives the issue date (None when the
    document carries none); "N days after signing" adds them."""
    text = nfc(text)
    folded = fold(text).lower()
    found = []
    # tried only around "hiệu lực" (a law is 100,000 characters), the window reaching back over
    # the kind and "Điều N." before it and on over the date and its "đến hết ngày …"
    windows = P.windows_near(_ANCHOR, folded, 60, 160)
    matches = list(P.words_in(EFFECTIVE, folded, windows))
    matches += [m for lo, hi, _ in windows for m in EFFECTIVE_OPENING.finditer(folded, lo, hi)
                if all(m.end() <= n.start() or m.start() >= n.end() for n in matches)]
    for m in sorted(matches, key=lambda m: m.start()):
        if m["signed"]:
            date = issue_date
        elif m["after"]:
            date = issue_date + _dt.timedelta(days=int(m["after"])) if issue_date else None
        else:
            date = _day(m, "")
        sentence_end = text.find(".", m.end())
        end = m.end() if sentence_end < 0 or sentence_end - m.end() > 200 else sentence_end + 1
        found.append(Effective(date, " ".join(text[m.start(): end].split()), m.start(), end, until=_day(m, "e")))
    return found
