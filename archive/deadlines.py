"""Text → the deadlines it sets: "hoàn thành chậm nhất ngày 28 tháng 02 năm 2023",
"trước ngày 01 tháng 3", "Từ ngày 10 tháng 6 năm 2023 đến ngày 25 tháng 11 năm 2023",
"trong Quý I năm 2024", "đến hết 31/12/2024".

Each phrase is found by a named pattern for its relation (spec/record.md):
no-later-than, before, until (with a start), within (a month, a quarter, a half
year: the date is the period's last day), on. A date written without its year
takes the document's year, and says so. The dates of cited documents, the issue
date, anniversaries and programme periods carry none of these words and are not
deadlines; a match inside a citation is dropped all the same.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re

from archive import patterns as P
from archive.record import Deadline
from docgen.base.vntext import fold, nfc, squash_spaces

# A day and month, the year optional: "28 tháng 02 năm 2023", "01 tháng 3", "31/12/2024", "05/01".
DAY = (r"(?P<{p}d>\d{{1,2}})\s*(?:thang\s*(?P<{p}m>\d{{1,2}})(?:\s*(?:nam|,\s*nam)\s*(?P<{p}y>\d{{4}}))?"
       r"|[/.-]\s*(?P<{p}m2>\d{{1,2}})(?:\s*[/.-]\s*(?P<{p}y2>\d{{4}}))?)")


def _day(prefix: str) -> str:
    return DAY.format(p=prefix)


ROMAN_QUARTER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# An hour before the day: "trước 17 giờ 00 ngày 20/3/2026", "chậm nhất 16h00, ngày …".
HOUR = r"(?:(?:luc\s+)?\d{1,2}\s*(?:gio|h)(?:\s*\d{2}(?:\s*phut)?)?\s*,?\s*)?"
# The label of a deadline in a plan's list of tasks, and what may stand between it and the date.
LABEL = r"(?:thoi\s+gian\s+hoan\s+thanh|thoi\s+han(?:\s+hoan\s+thanh)?)\s*:?\s*(?:truoc\s+|cham\s+nhat\s+|den\s+)?"

# A pattern's name is its relation; what follows "@" tells two patterns of one relation apart.
# Each pattern begins a word; none is written with a leading \b, which would keep Python's re
# from skipping ahead to the pattern's first letters (ten to twenty times slower on a law):
# patterns.words_in checks that a match begins a word instead.
PATTERNS: dict[str, re.Pattern] = {
    # "Từ ngày 10 tháng 6 năm 2023 đến ngày 25 tháng 11 năm 2023"
    "until-from": re.compile(r"tu\s+ngay\s+" + _day("a") + r"\s*(?:den|toi)\s+(?:het\s+)?ngay\s+" + _day("")),
    # "Từ ngày ban hành kế hoạch đến ngày 10 tháng 6 năm 2023", "Từ ngày ký đến ngày 12/5/2026"
    "until-from-issue": re.compile(
        r"tu\s+(?:ngay\s+)?(?:ban\s+hanh|ky)(?:\s+(?:ke\s+hoach|quyet\s+dinh|van\s+ban|giay\s+phep)(?:\s+nay)?)?"
        r"\s+(?:den|toi)\s+(?:het\s+)?ngay\s+" + _day("")),
    "no-later-than": re.compile(r"(?:cham\s+nhat|hoan\s+thanh)\s+(?:la\s+|vao\s+|trong\s+|den\s+(?:het\s+)?)?" + HOUR
                               + r"ngay\s+" + _day("")),
    "before": re.compile(r"truoc\s+" + HOUR + r"ngay\s+" + _day("")),
    "until": re.compile(r"(?:den|toi)\s+het\s+(?:ngay\s+)?" + _day("") + r"|den\s+ngay\s+" + _day("b")),
    "within-month": re.compile(r"trong\s+thang\s+(?P<month>\d{1,2})\s*(?:nam\s+|/)(?P<year>\d{4})"),
    "within-quarter": re.compile(r"trong\s+quy\s+(?P<quarter>iv|i{1,3}|[1-4])\s*(?:nam\s+|/)(?P<year>\d{4})",
                                 re.IGNORECASE),
    "within-half": re.compile(r"(?P<months>6|9)\s+thang\s+dau\s+nam\s+(?P<year>\d{4})"),
    # "trong năm 2027 sẽ hoàn thành", "hoàn thành trong năm 2025": the year's last day
    "within-year": re.compile(r"(?:hoan\s+thanh|thuc\s+hien\s+xong|xong)\s+trong\s+nam\s+(?P<year>\d{4})"
                              r"|trong\s+nam\s+(?P<year2>\d{4})\s*(?:,\s*)?(?:se\s+|phai\s+)?(?:hoan\s+thanh|xong)"),
    "on": re.compile(r"vao\s+(?:luc\s+[^,;]{1,20}?\s*,?\s*)?ngay\s+" + _day("")),
    # An invitation's or a meeting's time: "Thời gian: 14 giờ 00, thứ Năm, ngày 12/12/2024" (a span
    # "từ ngày … đến ngày …", "đến ngày …" is read first, as one: the patterns run in this order)
    "on@label": re.compile(r"thoi\s+gian\s*:[^.;\n]{0,50}?\bngay\s+" + _day("")),
    # "hoàn thành trước 30/6/2026": "before" without "ngày", only as a whole date (not "trước 5 năm")
    "before@bare": re.compile(r"truoc\s+(?P<d>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4})"),
    # A plan's labelled deadline: "Thời gian hoàn thành: Tháng 8/2024", "Thời hạn: Quý III/2026",
    # "Thời hạn hoàn thành: 30/6/2026", "Thời gian hoàn thành: năm 2027". ("Thời gian thực hiện" is
    # the span of the work, not its deadline.)
    "within-month@label": re.compile(LABEL + r"(?:trong\s+)?thang\s+(?P<month>\d{1,2})\s*(?:nam\s+|/)(?P<year>\d{4})"),
    "within-quarter@label": re.compile(LABEL + r"(?:trong\s+)?quy\s+(?P<quarter>iv|i{1,3}|[1-4])\s*(?:nam\s+|/)(?P<year>\d{4})",
                                       re.IGNORECASE),
    "within-year@label": re.compile(LABEL + r"(?:trong\s+)?nam\s+(?P<year>\d{4})"),
    # "Hạn cuối nộp hồ sơ: ngày 30/11/2026", "Hạn chót nhận hồ sơ là ngày 15/12/2026", "Hạn nộp báo
    # cáo: ngày 20/12/2026", "Hạn gửi: 20/12/2026"
    "no-later-than@last-day": re.compile(r"han\s+(?:cuoi|chot|nop|gui)\b[^.;:\n]{0,40}?(?::|\s+la)\s*" + HOUR
                                         + r"(?:ngay\s+)?" + _day("")),
    "no-later-than@label": re.compile(LABEL + r"(?:ngay\s+)?(?P<d>\d{1,2})\s*(?:thang\s*(?P<m>\d{1,2})\s*(?:nam|,\s*nam)\s*"
                                      r"(?P<y>\d{4})|[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4}))"),
}
# After a date written without its year: a duty that comes back every year, or that counts
# from a year the text does not give ("… năm sau năm quyết toán"). (folded, lower case)
YEARLY = re.compile(r"^\s*,?\s*(?:cua\s+)?hang\s+nam\b")  # hằng năm, hàng năm
# Before it: "hằng năm (trước ngày 15/12)", "báo cáo định kỳ 6 tháng (trước ngày 15/6)": a report
# due on that day every year.
YEARLY_BEFORE = re.compile(r"(?:hang\s+nam|dinh\s+ky(?:\s+\d{1,2}\s+thang)?)\s*[,(:]?\s*$")
RELATIVE_YEAR = re.compile(r"^\s*,?\s*(?:cua\s+)?nam\s+(?:sau|tiep\s+theo|ke\s+tiep)\b")
# "Trước ngày" as a cut-off, not a duty: what was done before it, "đã" a few words before
# ("các hồ sơ đã nộp trước ngày 01/7/2026"; not "đã được giao nhiệm vụ báo cáo trước ngày …"), or,
# in a transitional provision, what was done, issued or took effect before it as the condition of
# what follows, "thì" or "tiếp tục" after the date ("hồ sơ đã được nộp hợp lệ cho cơ quan … trước
# ngày 01 tháng 7 năm 2026 thì …", "bằng tốt nghiệp được cấp trước ngày … tiếp tục có giá trị";
# not "bảo đảm có hiệu lực trước ngày …", a duty). "Vào ngày" after "đã" is a past event. (folded)
DONE_BEFORE = re.compile(r"\bda\s+(?:[^\s.;:!?]+\s+){0,3}$")
PAST_IN_CLAUSE = re.compile(r"\b(?:da|duoc|co\s+hieu\s+luc)\b[^.;:!?\n]*$")
DONE_IN_CLAUSE = re.compile(r"\bda\b[^.;:!?\n]*$")
THEN_AFTER = re.compile(r"[^.;:!?]{0,60}?\b(?:thi|tiep\s+tuc)\b")  # matched at the end of the date
# "Đến ngày" after these dates a report's figures, not a duty: "Tính đến ngày 30/11/2026, …",
# "lũy kế … đến ngày …", "từ đầu năm đến ngày …". (folded)
AS_OF = re.compile(r"(?:\btinh|\bluy\s+ke\b[^.;:\n]{0,40}?|\btu\s+dau\s+(?:nam|thang|quy|ky)\b[^.;:\n]{0,20}?)\s*$")
# A date this long before the issue date is history, not a duty (a plan issued a few days
# late may still set one that has just passed).
HISTORY = _dt.timedelta(days=180)
# Forms annexed to a document open with their own Quốc hiệu: their dates are blanks to fill in.
# (folded, case kept: the Quốc hiệu as a heading in capitals, not "nước Cộng hòa xã hội …" in a sentence)
QUOC_HIEU = re.compile(r"CONG\s+HOA\s+XA\s+HOI\s+CHU\s+NGHIA\s+VIET\s+NAM")
ANNEX_HEADING = re.compile(r"^\s*PHU\s+LUC\b", re.MULTILINE | re.IGNORECASE)
# Duties with no date: reported only when asked (--undated).
UNDATED = re.compile(r"\b(hang\s+(?:quy|thang|nam|tuan)|dinh\s+ky|kip\s+thoi|thuong\s+xuyen)\b")

ORG_START = re.compile(
    r"^(?:\d+(?:\.\d+)*\.\s*)?(?:Giao\s+)?(?P<unit>(?:Phòng|Văn phòng|Ban|Sở|Ủy ban|UBND|Trung tâm|Thủ trưởng|"
    r"Chủ tịch|Giám đốc|Trưởng|Chánh|Các cơ quan|Các phòng|Hiệu trưởng|Công an|Đề nghị)[^:;.]*?)"
    r"(?=\s+(?:tham mưu|chủ trì|phối hợp|đánh giá|có trách nhiệm|thực hiện|triển khai|tổ chức|xây dựng|báo cáo)\b|:|$)"
)


def _cutoff(folded: str, m: re.Match) -> bool:
    before = folded[max(0, m.start() - 160): m.start()]
    return bool(DONE_BEFORE.search(before)
                or (PAST_IN_CLAUSE.search(before) and THEN_AFTER.match(folded, m.end(), m.end() + 80)))


def _month(m: re.Match, prefix: str) -> str | None:
    groups = m.groupdict()
    return groups.get(f"{prefix}m") or groups.get(f"{prefix}m2")


def _date(m: re.Match, prefix: str, year: int | None) -> tuple[_dt.date | None, bool]:
    d = m.group(f"{prefix}d")
    month = _month(m, prefix)
    groups = m.groupdict()
    y = groups.get(f"{prefix}y") or groups.get(f"{prefix}y2")
    implied = y is None
    y = int(y) if y else year
    if y is None or month is None:
        return None, implied
    try:
        return _dt.date(y, int(month), int(d)), implied
    except ValueError:
        return None, implied


def _within(kind: str, m: re.Match) -> tuple[_dt.date, str]:
    if kind == "within-year":
        year = int(m["year"] or m.groupdict().get("year2"))
        return _dt.date(year, 12, 31), str(year)
    year = int(m["year"])
    if kind == "within-month":
        month = int(m["month"])
        return _dt.date(year, month, calendar.monthrange(year, month)[1]), f"{year}-{month:02d}"
    if kind == "within-quarter":
        quarter = ROMAN_QUARTER[m["quarter"].lower()]
        month = quarter * 3
        return _dt.date(year, month, calendar.monthrange(year, month)[1]), f"{year}-Q{quarter}"
    months = int(m["months"])
    return _dt.date(year, months, calendar.monthrange(year, months)[1]), f"{year}-{'H1' if months == 6 else 'M9'}"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line: a paragraph or list item."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _clean(text: str) -> str:
    return squash_spaces(text.replace("**", "").replace("#", "")).strip(" -+")


def _task(text: str, paragraphs: list[tuple[int, int]], at: int) -> tuple[str | None, int]:
    """The sentence or list item the deadline belongs to; for "Thời gian thực hiện: …",
    the paragraph before it. Returns the task and the index of its paragraph."""
    index = next((i for i, (a, b) in enumerate(paragraphs) if a <= at < b), None)
    if index is None:
        return None, -1
    a, b = paragraphs[index]
    paragraph = text[a:b]
    sentences = [s for s in re.split(r"(?<=[.;])\s+", paragraph)]
    offset, sentence = a, paragraph
    for s in sentences:
        start = text.find(s, offset)
        if start <= at < start + len(s):
            sentence = s
            break
        offset = start + len(s)
    if fold(_clean(sentence)).lower().startswith("thoi gian"):
        earlier = paragraph[: paragraph.find(sentence)].strip()
        if earlier:  # "… tổ chức khảo sát. Thời gian thực hiện: trước ngày …"
            return _clean(earlier), index
        if index > 0:
            return _clean(text[paragraphs[index - 1][0]: paragraphs[index - 1][1]]), index - 1
    if len(_clean(sentence)) < 25 and len(sentences) > 1:
        sentence = paragraph
    return _clean(sentence) or None, index


def _responsible(text: str, paragraphs: list[tuple[int, int]], index: int) -> str | None:
    """Who the text gives the work to: the unit its paragraph opens with, else the
    nearest heading above that names one ("Giao Trưởng phòng Nội vụ")."""
    for i in range(index, max(index - 12, -1), -1):
        raw = text[paragraphs[i][0]: paragraphs[i][1]].strip()
        line = _clean(raw)
        m = ORG_START.match(line)
        is_heading = i != index and bool(re.match(r"^(?:\*\*|#+\s|\d+(?:\.\d+)*\.\s)", raw)) \
            and (len(line) < 160 or line.endswith(":"))
        if m and (i == index or is_heading):
            return m["unit"].strip(" ,")
        if i != index and re.match(r"^[IVX]+\.\s", line):
            break  # another part of the document
    return None


def annex_forms(folded: str) -> list[tuple[int, int]]:
    """The spans of forms annexed to the document: from each Quốc hiệu after the first to the
    next annex heading (or the end)."""
    heads = [m.start() for m in QUOC_HIEU.finditer(folded)]
    if len(heads) < 2:
        return []
    spans = []
    annexes = [m.start() for m in ANNEX_HEADING.finditer(folded)]
    for start in heads[1:]:
        end = next((a for a in annexes if a > start + 200), len(folded))
        spans.append((start, end))
    return spans


# What every pattern above holds: a day with its month (DAY) or a year. The patterns are
# tried only around these (patterns.windows_near).
# A day with its month ("12 thang 3", "12/3") or four digits; the digit first, so that re skips to digits.
_DATE_ANCHOR = re.compile(r"\d(?:\d\d\d|\d?\s*(?:thang\s*\d|[/.-]\s*\d))")
_BEFORE_DATE, _AFTER_DATE = 200, 120  # "từ ngày ban hành kế hoạch này đến hết ngày …"; a year, then "… sẽ hoàn thành"


def find_deadlines(text: str, doc_year: int | None = None, issue_date: _dt.date | None = None,
                   excluded: list[tuple[int, int]] = (), undated: bool = False,
                   normative: bool = False, subject: str | None = None) -> list[Deadline]:
    """Every deadline the text sets, in order; `excluded` spans (citations) hold none.
    normative: a legal normative document (a law, a decree, a circular), whose rules hold year
    after year: a date it writes without a year comes back every year."""
    text = nfc(text)
    folded_case = fold(text)  # capitals kept: annex headings are told by them
    folded = folded_case.lower()
    paragraphs = _paragraphs(text)
    taken: list[tuple[int, int]] = list(excluded) + annex_forms(folded_case)
    found: list[Deadline] = []
    meetings: set[int] = set()  # where a meeting's labelled time starts: its task is the trích yếu

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    windows = P.windows_near(_DATE_ANCHOR, folded, _BEFORE_DATE, _AFTER_DATE)
    for name, pattern in PATTERNS.items():
        kind = name.split("@")[0]
        for m in P.words_in(pattern, folded, windows):
            if not free(m.start(), m.end()):
                continue
            if kind.startswith("within"):
                date, period = _within(kind, m)
                if issue_date is not None and date < issue_date - HISTORY:
                    continue  # a period long over when the document was issued
                deadline = Deadline(date, "within", period=period)
            else:
                prefix = "b" if kind == "until" and m.group("bd") else ""
                date, implied = _date(m, prefix, doc_year)
                after = folded[m.end(): m.end() + 40]
                yearly = YEARLY.match(after) or YEARLY_BEFORE.search(folded[max(0, m.start() - 40): m.start()])
                if implied and (yearly or RELATIVE_YEAR.match(after) or normative):
                    # no year is invented for a yearly or relative duty
                    month = _month(m, prefix)
                    deadline = Deadline(None, kind.split("-from")[0],
                                        month_day=f"{int(month):02d}-{int(m.group(f'{prefix}d')):02d}",
                                        recurrence=None if RELATIVE_YEAR.match(after) else "yearly")
                    deadline.start, deadline.end = m.start(), m.end()
                    deadline.text = text[m.start(): m.end()]
                    taken.append((m.start(), m.end()))
                    found.append(deadline)
                    continue
                if date is None:
                    continue
                if issue_date is not None and date < issue_date - HISTORY:
                    continue  # long before the document's own date: history ("trước ngày 01/7/1991")
                if kind == "before" and _cutoff(folded, m):
                    continue  # a cut-off, not a duty
                if kind == "on" and DONE_IN_CLAUSE.search(folded[max(0, m.start() - 160): m.start()]):
                    continue  # "đã tổ chức diễn tập … vào ngày 12/6/2025": a past event
                if name == "on@label" and issue_date is not None and date <= issue_date:
                    continue  # when a Biên bản was drawn up ("Thời gian: ngày …"), no event to come
                if kind == "until" and (AS_OF.search(folded[max(0, m.start() - 60): m.start()])
                                        or (issue_date is not None and date < issue_date)):
                    continue  # a report's figures "tính đến ngày …", or a span over when the document was issued
                relation = kind.split("-from")[0]
                deadline = Deadline(date, relation, year_implied=implied)
                if kind == "until-from":
                    deadline.start_date, _ = _date(m, "a", date.year)
                elif kind == "until-from-issue":
                    deadline.start_date = issue_date
            deadline.start, deadline.end = m.start(), m.end()
            deadline.text = text[m.start(): m.end()]
            taken.append((m.start(), m.end()))
            found.append(deadline)
            if name == "on@label":
                meetings.add(m.start())
    if undated:
        for m in UNDATED.finditer(folded):
            if free(m.start(), m.end()):
                found.append(Deadline(None, "undated", text=text[m.start(): m.end()], start=m.start(), end=m.end()))
    found.sort(key=lambda d: d.start)
    for deadline in found:
        deadline.task, index = _task(text, paragraphs, deadline.start)
        if subject and deadline.start in meetings:
            deadline.task = subject  # what a meeting's labelled time meets about
        deadline.responsible = _responsible(text, paragraphs, index) if index >= 0 else None
    return found
