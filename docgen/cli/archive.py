"""Archive commands: archive add/list/reindex/verify/backup/restore, show, refs, missing,
graph, deadlines, search."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli.base import (
    _entry_line,
    _progress,
    archive_option,
    days_within,
    engine_option,
    fail,
    main,
    open_archive,
)


@main.group("archive")
def archive_group() -> None:
    """The archive of issued documents."""


@archive_group.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--no-ocr", is_flag=True, help="Never run OCR (scans go in without their text).")
@click.option("--follow-links", is_flag=True, help="Read what symbolic links inside folders point to.")
@click.option("--isolated", is_flag=True, help="Read each file in a child process within memory and time limits "
                                               "(files from outside the office).")
@archive_option
def archive_add(paths: tuple[Path, ...], no_ocr: bool, follow_links: bool, isolated: bool,
                archive_dir: Path | None) -> None:
    """Add files and folders (recursively) to the archive; bad files are reported and skipped."""
    with open_archive(archive_dir) as library:
        report = library.add(paths, ocr=not no_ocr, follow_links=follow_links, isolated=isolated,
                             each=lambda files: _progress(files, "adding", lambda f: f[0].name if f else ""))
        for result in report.failed:
            click.echo(f"skipped {result.path}: {result.reason}", err=True)
        if report.index_problem:
            click.echo(report.index_problem, err=True)
        click.echo(f"{report.count('added')} added, {report.count('already there')} already there, "
                   f"{report.count('failed')} failed, of {len(report.results)} files; {library.catalog.count()} in "
                   f"{library.records_label}")
    sys.exit(1 if report.failed else 0)


@archive_group.command("list")
@click.option("--type", "type_name", help="Only this tên loại (Kế hoạch, Công văn, …).")
@click.option("--issuer", help="Issuer name contains this.")
@click.option("--year", type=int)
@archive_option
def archive_list(type_name: str | None, issuer: str | None, year: int | None, archive_dir: Path | None) -> None:
    """List archived documents, newest first."""
    with open_archive(archive_dir) as library:
        for entry in library.documents(type=type_name, issuer=issuer, year=year):
            click.echo(_entry_line(entry))


@main.command("show")
@click.argument("code")
@click.option("--year", type=int, help="Only the document of this year (numbers restart every year).")
@click.option("--json", "as_json", is_flag=True)
@archive_option
def show(code: str, year: int | None, as_json: bool, archive_dir: Path | None) -> None:
    """Show the archived document(s) with this số/ký hiệu, every year's unless --year."""
    import json

    with open_archive(archive_dir) as library:
        look = library.lookup(code, year)
        entries = look.entries
        if not entries:
            _echo_not_archived(look)
            fail(f"{code}{f' of {year}' if year else ''}: not in the archive ({library.records_label})", code=1)
        if as_json:
            click.echo(json.dumps([{"id": e.id, **e.record.to_dict(), "corrected": [
                {"field": c.field, "by": c.by_whom, "at": c.at} for c in library.corrections_of(e.id)]}
                for e in entries], ensure_ascii=False, indent=1))
            return
        for entry in entries:
            r = entry.record
            click.echo(_entry_line(entry))
            for label, value in (("issuer", r.issuer), ("signer", r.signer.name), ("file", r.file),
                                 ("stored", library.original(entry)),
                                 ("cited by", len(look.cited_by[entry.id]) or None)):
                click.echo(f"            {label:<9}{value or '–'}")
            for c in library.corrections_of(entry.id):  # which fields a person set, by whom and when
                click.echo(f"            {'corrected':<10}{c.field} ({c.by_whom or '?'}, {c.at[:10]})")
        _echo_not_archived(look)


def _citation_line(catalog, c) -> str:
    date = c.date.isoformat() if c.date else "no date"
    if c.target_id is None:
        return f"{c.code:<18}  {date:<10}  not archived"
    target = catalog.get(c.target_id).record
    flag = "  (uncertain: no date, the only document with this number)" if c.uncertain else ""
    return f"{c.code:<18}  {date:<10}  archived: {(target.subject or '')[:60]}{flag}"


def _echo_not_archived(look) -> None:
    for m in look.not_archived:
        when = f" of {m.year}" if m.year else " (no date)"
        click.echo(f"{m.code}{when}: cited by {len(m.citing)}, not archived")
        for entry in m.citing:
            click.echo(f"    {_entry_line(entry)}")


@main.command("refs")
@click.argument("code")
@click.option("--year", type=int, help="The document of this year (numbers restart every year).")
@click.option("--json", "as_json", is_flag=True)
@archive_option
def refs(code: str, year: int | None, as_json: bool, archive_dir: Path | None) -> None:
    """What the document CODE cites, and what cites it."""
    import json

    with open_archive(archive_dir) as library:
        catalog = library.catalog
        look = library.lookup(code, year)
        if as_json:
            payload = _lookup_json(look)
            for document, entry in zip(payload["documents"], look.entries):
                document["cites"] = [{"type": c.type, "code": c.code, "date": c.date.isoformat() if c.date else None,
                                      "archived_id": c.target_id, "uncertain": c.uncertain}
                                     for c in library.citations_of(entry.id)]
            click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
            if not look.entries and not look.not_archived:
                sys.exit(1)
            return
        for entry in look.entries:
            click.echo(_entry_line(entry))
            citations = library.citations_of(entry.id)
            click.echo(f"  cites ({len(citations)}):")
            for c in citations:
                click.echo(f"    {_citation_line(catalog, c)}")
            click.echo(f"  cited by ({len(look.cited_by[entry.id])}):")
            for citing in look.cited_by[entry.id]:
                click.echo(f"    {_entry_line(citing)}")
        _echo_not_archived(look)
        if not look.entries and not look.not_archived:
            fail(f"{code}{f' of {year}' if year else ''}: neither archived nor cited ({library.records_label})", code=1)


@main.command("missing")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@archive_option
def missing_command(limit: int, as_json: bool, archive_dir: Path | None) -> None:
    """Cited documents absent from the archive, most cited first."""
    import json

    with open_archive(archive_dir) as library:
        _, rows = library.missing(0, limit)
        if as_json:
            click.echo(json.dumps([{"code": m.code, "year": m.year, "date": m.date, "type": m.type, "subject": m.subject,
                                    "cited_by": [e.record.code or e.file_name for e in m.citing]} for m in rows],
                                  ensure_ascii=False, indent=1))
            return
        for m in rows:
            cited_by = ", ".join(e.record.code or e.file_name for e in m.citing)
            click.echo(f"{len(m.citing):>3}  {m.code:<26} {m.date or '–':<10}  {m.type or '–':<12}  cited by {cited_by}")


@main.command("graph")
@click.option("--format", "fmt", type=click.Choice(["dot", "mermaid", "json"]), default="dot", show_default=True)
@click.option("--around", "around_code", help="Only this document and its neighbours.")
@click.option("--year", type=int, help="With --around: the year of that document.")
@archive_option
def graph_command(fmt: str, around_code: str | None, year: int | None, archive_dir: Path | None) -> None:
    """The citation graph of the archive, as Graphviz dot, Mermaid or JSON."""
    from archive import crossref

    with open_archive(archive_dir) as library:
        found = library.graph(around_code, year)
        if found is None:
            fail(f"{around_code}{f' of {year}' if year else ''}: not in the archive ({library.records_label})", code=1)
        nodes, edges = found
        click.echo({"dot": crossref.to_dot, "mermaid": crossref.to_mermaid, "json": crossref.to_json}[fmt](nodes, edges))


@main.command("deadlines")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="Due on or after YYYY-MM-DD.")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Due on or before YYYY-MM-DD.")
@click.option("--due-within", help="Due from today within 30d, 2w, 3m.")
@click.option("--issuer", help="Documents whose issuer contains this (archive).")
@click.option("--responsible", help="Deadlines whose responsible unit contains this.")
@click.option("--undated", is_flag=True, help="Also duties with no date (hàng quý, kịp thời …), for FILEs.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--ics", "ics_path", type=click.Path(dir_okay=False, path_type=Path), help="Write an iCalendar file.")
@archive_option
def deadlines_command(files: tuple[Path, ...], start, end, due_within: str | None, issuer: str | None,
                      responsible: str | None, undated: bool, as_json: bool, ics_path: Path | None,
                      archive_dir: Path | None) -> None:
    """Deadlines in FILEs (any format the archive reads), or across the archive."""
    import datetime as dt
    import json

    start = start.date() if start else None
    end = end.date() if end else None
    if (days := days_within(due_within)) is not None:
        start, end = dt.date.today(), dt.date.today() + dt.timedelta(days=days)
    rows: list = []  # (document label, Deadline)
    if files:
        from archive.extract import ExtractError
        from archive.parse import parse_file

        for path in files:
            try:
                record, _ = parse_file(path, undated=undated)
            except ExtractError as exc:
                fail(str(exc))
            rows += [(record.code or path.name, d) for d in record.deadlines]
    else:
        with open_archive(archive_dir) as library:
            rows = [(entry.record.code or entry.file_name, d)
                    for entry, d in library.deadlines(start, end, issuer, responsible)]

    def keep(d) -> bool:
        if d.date is None:
            return undated
        return (not start or d.date >= start) and (not end or d.date <= end) and (
            not responsible or responsible.lower() in (d.responsible or "").lower())

    rows = sorted((r for r in rows if keep(r[1])), key=lambda r: (r[1].date or dt.date.max, r[0]))
    if ics_path:
        from archive.calendar import to_ics

        try:
            ics_path.write_bytes(to_ics(rows))
        except OSError as exc:
            fail(f"{ics_path}: cannot write ({exc.strerror or exc})")
        click.echo(f"wrote {ics_path} ({sum(1 for _, d in rows if d.date)} events)")
        return
    if as_json:
        click.echo(json.dumps([{"document": label, **d.to_dict()} for label, d in rows], ensure_ascii=False, indent=1))
        return
    for label, d in rows:
        task = (d.task or "")[:70]
        click.echo(f"{d.date.isoformat() if d.date else '–':<10}  {d.relation:<13}  {label:<16}  {task:<70}  "
                   f"{d.responsible or ''}".rstrip())


@archive_group.command("reindex")
@engine_option
@archive_option
def archive_reindex(engine: str | None, archive_dir: Path | None) -> None:
    """Rebuild the search index from the catalog."""
    import time

    with open_archive(archive_dir, engine) as library:
        start = time.perf_counter()
        with click.progressbar(length=library.catalog.count(), label="indexing", file=sys.stderr,
                               hidden=not sys.stderr.isatty()) as bar:
            done = library.reindex(progress=bar.update)
        click.echo(f"indexed {done} documents with {library.index.engine_name} in {time.perf_counter() - start:.1f} s")


@archive_group.command("verify")
@click.option("--repair", is_flag=True, help="Put right what can be without losing anything (reindex, add an "
                                              "orphan original again, mark a lost one); report the rest.")
@engine_option
@archive_option
def archive_verify(repair: bool, engine: str | None, archive_dir: Path | None) -> None:
    """Check the catalog database, every record, every stored original, the registers and the
    search index; each problem on one line, exit 1 if there is any."""
    with open_archive(archive_dir, engine) as library:
        problems, index_problems = library.verify()
        for problem in problems:
            click.echo(problem.message)
        for problem in index_problems:
            click.echo(problem)
        click.echo(f"{library.catalog.count()} documents, {len(problems) + len(index_problems)} problems")
        if repair:
            for line in library.repair(problems):
                click.echo(f"repaired: {line}")
            problems, index_problems = library.verify()
            left = [p for p in problems if p.repair is None] + index_problems
            click.echo(f"after repair: {len(left)} problems")
            sys.exit(1 if left else 0)
    sys.exit(1 if problems or index_problems else 0)


@archive_group.command("backup")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@archive_option
def archive_backup(dest: Path, archive_dir: Path | None) -> None:
    """Copy the archive to DEST (a new folder) while others keep working: the databases by
    SQLite's online backup, the originals, and a manifest of hashes."""
    from archive.backup import BackupError, backup

    with open_archive(archive_dir) as library:
        if library.archive.shared:
            fail(f"the records are in {library.records_label}: back it up with pg_dump, and the originals' "
                 "folder with the server's own backup")
        location = library.location
    try:
        manifest = backup(location, dest)
    except BackupError as exc:
        fail(str(exc))
    click.echo(f"backed up {manifest['documents']} documents ({len(manifest['files'])} files) to {dest}")


@archive_group.command("restore")
@click.argument("src", type=click.Path(file_okay=False, exists=True, path_type=Path))
@engine_option
@archive_option
def archive_restore(src: Path, engine: str | None, archive_dir: Path | None) -> None:
    """Restore a backup into --archive DIR (a new folder): every file checked against the
    manifest first, then the search index rebuilt and the whole verified."""
    from archive.archive import default_location
    from archive.backup import BackupError, restore

    target = archive_dir or default_location()
    try:
        manifest = restore(src, target)
    except BackupError as exc:
        fail(str(exc))
    with open_archive(target, engine) as library:
        library.reindex()
        problems, index_problems = library.verify()
        problems = [p.message for p in problems] + index_problems
    for problem in problems:
        click.echo(problem)
    click.echo(f"restored {manifest['documents']} documents into {target}; verified: {len(problems)} problems")
    sys.exit(1 if problems else 0)


def _highlighted(snippet) -> str:
    out, pos = [], 0
    for start, end in snippet.highlights:
        out.append(snippet.text[pos:start])
        out.append(click.style(snippet.text[start:end], fg="yellow", bold=True))
        pos = end
    out.append(snippet.text[pos:])
    return "".join(out)


def _lookup_json(look) -> dict:
    return {
        "code": look.code,
        "documents": [{**e.record.to_dict(), "cited_by": [c.record.code for c in look.cited_by[e.id]]}
                      for e in look.entries],
        "not_archived": [{"code": m.code, "year": m.year, "date": m.date,
                          "cited_by": [c.record.code or c.file_name for c in m.citing]} for m in look.not_archived],
    }


@main.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--type", "type_name", help="Only this tên loại.")
@click.option("--issuer", help="Issuer contains these words.")
@click.option("--signer", help="Signer's name contains these words.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="Issued on or after YYYY-MM-DD.")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Issued on or before YYYY-MM-DD.")
@click.option("--year", type=int)
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Results with snippets and character offsets.")
@engine_option
@archive_option
def search_command(query: tuple[str, ...], type_name, issuer, signer, start, end, year, limit, sort, as_json,
                   engine, archive_dir) -> None:
    """Find documents by number (406/KH-UBND, "số 406/KH", "công văn 303 năm ngoái") or by words,
    with or without diacritics: words are ANDed; "a phrase", -word, OR, issuer:/type:/subject:."""
    import json

    from search.query import Filters

    text = " ".join(query)
    filters = Filters(type=type_name, issuer=issuer, signer=signer, date_from=start.date() if start else None,
                      date_to=end.date() if end else None, year=year)
    with open_archive(archive_dir, engine) as library:
        results = library.search(text, filters, limit, sort)
        if as_json:
            if results.number:
                payload = {"query": text, "kind": "number", "results": [_lookup_json(l) for l in results.lookups]}
            else:
                payload = {"query": text, "kind": "words", "total": results.total,
                           **({"number_not_found": True} if results.unknown_number else {}), "results": [
                    {**h.entry.record.to_dict(), "score": round(h.score, 4),
                     "snippet": {"text": h.snippet.text, "highlights": [list(x) for x in h.snippet.highlights]}}
                    for h in results.hits]}
            click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
            return
        if results.number:
            for look in results.lookups:
                for entry in look.entries:
                    click.echo(_entry_line(entry))
                    click.echo(f"            cited by {len(look.cited_by[entry.id])}")
                    for citing in look.cited_by[entry.id]:
                        click.echo(f"              {_entry_line(citing)}")
                _echo_not_archived(look)
            return
        if results.unknown_number:
            click.echo(f"no document numbered {text}; documents with these words:")
        click.echo(f"{results.total} documents" + (f", the first {len(results.hits)}" if results.total > len(results.hits) else ""))
        for hit in results.hits:
            click.echo(_entry_line(hit.entry))
            click.echo(f"            {_highlighted(hit.snippet)}")
