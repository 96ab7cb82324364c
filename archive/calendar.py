"""Deadlines as an iCalendar file (RFC 5545), one all-day event per deadline."""

from __future__ import annotations

import datetime as _dt
import hashlib

from icalendar import Calendar, Event

from archive.record import Deadline

RELATION_WORDS = {"no-later-than": "chậm nhất", "before": "trước", "until": "đến",
                  "within": "trong", "on": "vào"}


def to_ics(rows: list[tuple[str, Deadline]]) -> bytes:
    """rows: (document label, deadline). The summary names the document, the
    description holds the task, who is responsible, and the words of the text."""
    calendar = Calendar()
    calendar.add("prodid", "-//docgen//Nghị định 30 deadlines//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Hạn xử lý văn bản")
    stamp = _dt.datetime.now(_dt.timezone.utc)
    for label, d in rows:
        if not d.date:
            continue
        day = d.date
        event = Event()
        task = d.task or ""
        event.add("summary", f"{label}: {RELATION_WORDS.get(d.relation, d.relation)} – {task[:80]}")
        lines = [task]
        if d.responsible:
            lines.append(f"Trách nhiệm: {d.responsible}")
        if d.text:
            lines.append(f"({d.text})")
        event.add("description", "\n".join(lines))
        event.add("dtstart", day)
        event.add("dtend", day + _dt.timedelta(days=1))
        event.add("dtstamp", stamp)
        uid = hashlib.sha1(f"{label}|{day.isoformat()}|{d.relation}|{task}".encode()).hexdigest()
        event.add("uid", f"{uid}@docgen")
        calendar.add_component(event)
    return calendar.to_ical()
