"""The `docgen` command: a thin layer over the library.

Every error a user can cause is printed as one line naming the file and the
problem (exit code 2 for bad input, 1 for a failed check); no tracebacks.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.drafting import data as data_mod
from docgen.drafting.template_set import TemplateError, get_template, load_templates

USAGE_ERROR = 2


IO_ERROR = 3  # the machine refused: a full disk, a read-only folder, a damaged database


def fail(message: str, code: int = USAGE_ERROR) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


templates_option = click.option(
    "--templates", "templates_dir", type=click.Path(file_okay=False, path_type=Path),
    envvar="DOCGEN_TEMPLATES", help="A folder of templates to use instead of docgen's own.",
)


class Guarded(click.Group):
    """Errors of the machine that a user meets (a full disk, a read-only folder, a database
    another program damaged) end in one line and an exit code, never a traceback."""

    def invoke(self, ctx):
        import errno
        import sqlite3

        from docgen.base.errors import DocgenError

        try:
            return super().invoke(ctx)
        except DocgenError as exc:
            fail(str(exc), exc.exit_code)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                fail(f"no space left on the disk, writing {exc.filename or 'the archive'}: nothing more was written; "
                     "what was done before is kept. Make room and run the command again", IO_ERROR)
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                fail(f"{exc.filename or 'the archive'}: {exc.strerror.lower()}; nothing was written", IO_ERROR)
            raise
        except sqlite3.OperationalError as exc:
            if "full" in str(exc):
                fail("no space left on the disk, writing the catalog: the last change was rolled back; "
                     "make room and run the command again", IO_ERROR)
            if "readonly" in str(exc) or "read-only" in str(exc):
                fail(f"the catalog cannot be written ({exc}); nothing was changed", IO_ERROR)
            raise
        except sqlite3.DatabaseError as exc:
            fail(f"the catalog is damaged ({exc}): run docgen archive verify, or restore a backup", IO_ERROR)


@click.group(cls=Guarded)
@click.version_option(package_name="docgen")
def main() -> None:
    """Vietnamese administrative documents under Nghị định 30/2020/NĐ-CP."""


@main.command("templates")
@templates_option
def list_templates(templates_dir: Path | None) -> None:
    """List the templates: id, tên loại, abbreviation."""
    try:
        specs = load_templates(templates_dir)
    except TemplateError as exc:
        fail(str(exc))
    for spec in specs.values():
        abbr = spec.doc_type.abbr or "–"
        click.echo(f"{spec.id:<12} {spec.doc_type.name:<12} {abbr}")


@main.command("new")
@click.argument("template_id")
@templates_option
def new(template_id: str, templates_dir: Path | None) -> None:
    """Print a commented starter data file for TEMPLATE_ID."""
    try:
        spec = get_template(template_id, templates_dir)
    except TemplateError as exc:
        fail(str(exc))
    if spec.starter is None:
        fail(f"{spec.docx.with_suffix('.yaml')}: template '{template_id}' has no starter data file")
    click.echo(spec.starter.read_text(encoding="utf-8"), nl=False)


@main.command("render")
@click.argument("data_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The .docx to write (one data file).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write NAME.docx here for each DATA file.")
@click.option("--pdf", is_flag=True, help="Also write the PDF beside each .docx.")
@click.option("--archive", "archive_dir", type=click.Path(file_okay=False, path_type=Path),
              envvar="DOCGEN_ARCHIVE", help="Where bases given by code (406/KH-UBND/2022) are looked up.")
@templates_option
def render(data_files: tuple[Path, ...], output: Path | None, out_dir: Path | None, pdf: bool,
           archive_dir: Path | None, templates_dir: Path | None) -> None:
    """Fill templates from DATA files (YAML or JSON) and write .docx (and PDF)."""
    from docgen.base.pdf import PdfError, convert_to_pdf
    from docgen.drafting.render import render_docx

    if output and len(data_files) > 1:
        fail("-o names one output; use --out-dir for several data files")
    if output and output.suffix.lower() != ".docx":
        fail(f"{output}: the output must be a .docx file")
    jobs = []
    for path in data_files:
        try:
            document = data_mod.load(path)
            spec = get_template(document.template, templates_dir)
        except data_mod.DataError as exc:
            fail(str(exc))
        except TemplateError as exc:
            fail(f"{path}: field 'template': {exc}")
        document.bases = _expanded_bases(path, document.bases, archive_dir)
        target = output or (out_dir or path.parent) / f"{path.stem}.docx"
        jobs.append((path, document, spec, target))
    written = []
    for path, document, spec, target in jobs:
        try:
            written.append(render_docx(document, spec, target, data_path=path))
        except data_mod.DataError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"{target}: cannot write ({exc.strerror or exc})")
        click.echo(f"wrote {target}")
    if pdf:
        try:
            for pdf_path in convert_to_pdf(written):
                click.echo(f"wrote {pdf_path}")
        except PdfError as exc:
            fail(str(exc), code=1)


def _expanded_bases(path: Path, bases: list[str], archive_dir: Path | None) -> list[str]:
    """Bases given by code and year are written out in full from the archive."""
    from archive.crossref import BASIS_BY_CODE, BasisError

    if not any(BASIS_BY_CODE.match(b.strip()) for b in bases):
        return bases
    with open_archive(archive_dir) as library:
        try:
            return library.expand_bases(bases)
        except BasisError as exc:
            fail(f"{path}: field 'bases.{exc.index}': {exc} ({library.records_label})")


@main.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", is_flag=True, help="Print errors only, not warnings.")
def check(files: tuple[Path, ...], quiet: bool) -> None:
    """Check .docx files against the layout of Nghị định 30; exit 1 on errors."""
    from docgen.drafting.check import CheckError, check_docx

    errors = 0
    for path in files:
        try:
            problems = check_docx(path)
        except CheckError as exc:
            click.echo(f"error: {exc}", err=True)
            errors += 1
            continue
        for problem in problems:
            if problem.severity == "error" or not quiet:
                click.echo(f"{path}: {problem}")
        count = sum(p.severity == "error" for p in problems)
        errors += count
        if not count:
            click.echo(f"{path}: ok" + (f" ({len(problems)} warnings)" if problems else ""))
    sys.exit(1 if errors else 0)


@main.command("parse")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON (spec/record.md).")
@click.option("--no-ocr", is_flag=True, help="Never run OCR; report pages without text instead.")
def parse(file: Path, as_json: bool, no_ocr: bool) -> None:
    """Read a document (.txt, .md, .docx, .doc, .pdf) and print its record."""
    import json

    from archive.extract import ExtractError
    from archive.parse import parse_file

    try:
        record, _ = parse_file(file, ocr=not no_ocr)
    except ExtractError as exc:
        fail(str(exc))
    data = record.to_dict()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    signer = record.signer
    rows = [
        ("file", record.file), ("type", record.type), ("code", record.code),
        ("issuer", record.issuer), ("parent issuer", record.parent_issuer), ("place", record.place),
        ("date", data["date"]), ("subject", record.subject),
        ("signer", " ".join(p for p in (signer.authority, signer.title, signer.name) if p) or None),
        ("recipients", "; ".join(record.recipients) or None), ("nơi nhận", "; ".join(record.cc) or None),
        ("text from", f"{record.text_source}" + (f", {record.pages} pages" if record.pages else "")),
    ]
    for label, value in rows:
        click.echo(f"{label:<14}{value if value is not None else '–'}")
    for ref in record.references:
        click.echo(f"{'cites':<14}{ref.type or '–'} {ref.code} ({ref.date or 'no date'})"
                   + (f" of {ref.issuer}" if ref.issuer else ""))
    for d in record.deadlines:
        when = d.date or (f"every {d.month_day}" if d.recurrence == "yearly" else f"{d.month_day} of a year not given")
        click.echo(f"{'due':<14}{when} {d.relation}: {(d.task or '')[:80]}")
    for e in record.effective:
        click.echo(f"{'in force':<14}{e.date or 'date not stated'}" + (f" until {e.until}" if e.until else "")
                   + f": {e.text[:80]}")
    for warning in record.warnings:
        click.echo(f"{'warning':<14}{warning}")


def _remember(ctx: click.Context, param: click.Parameter, value):
    if value is not None:
        ctx.meta[f"docgen.{param.name}"] = value
    return value


archive_option_only = click.option(
    "--archive", "archive_dir", type=click.Path(file_okay=False, path_type=Path), envvar="DOCGEN_ARCHIVE",
    help="This node's archive folder: its index and settings, and without --database everything "
         "(default: the user's data folder).",
)
database_option = click.option(
    "--database", envvar="DOCGEN_DATABASE", expose_value=False, callback=_remember, metavar="URL",
    help="A PostgreSQL database shared by several nodes (postgresql://user@host/db) for the catalog, "
         "registers and accounts.")
objects_option = click.option(
    "--objects", type=click.Path(file_okay=False, path_type=Path), envvar="DOCGEN_OBJECTS", expose_value=False,
    callback=_remember, help="The originals' folder the nodes share (default: objects/ in the archive folder).")


def archive_option(command):
    """--archive, --database and --objects: where a command finds the archive."""
    return archive_option_only(database_option(objects_option(command)))


def open_archive(archive_dir: Path | None, engine: str | None = None):
    """The library on the archive the options name (a DocgenError becomes one line)."""
    from docgen.library import Library

    meta = click.get_current_context().meta
    try:
        return Library(archive_dir, meta.get("docgen.database"), meta.get("docgen.objects"), engine)
    except OSError as exc:
        fail(f"{archive_dir}: cannot open the archive ({exc.strerror or exc})")


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
                             each=lambda files: _progress(files, "adding", lambda p: p.name if p else ""))
        for result in report.failed:
            click.echo(f"skipped {result.path}: {result.reason}", err=True)
        if report.index_problem:
            click.echo(report.index_problem, err=True)
        click.echo(f"{report.count('added')} added, {report.count('already there')} already there, "
                   f"{report.count('failed')} failed, of {len(report.results)} files; {library.catalog.count()} in "
                   f"{library.records_label}")
    sys.exit(1 if report.failed else 0)


engine_option = click.option("--engine", type=click.Choice(["tantivy", "whoosh"]), envvar="DOCGEN_ENGINE",
                             help="Search engine (default tantivy; whoosh is pure Python).")


def _entry_line(entry) -> str:
    r = entry.record
    date = r.date.isoformat() if r.date else "–"
    subject = (r.subject or "")[:70] + ("…" if r.subject and len(r.subject) > 70 else "")
    return f"{date:<10}  {r.code or '–':<18}  {r.type or '–':<12}  {subject}"


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
            click.echo(json.dumps([e.record.to_dict() for e in entries], ensure_ascii=False, indent=1))
            return
        for entry in entries:
            r = entry.record
            click.echo(_entry_line(entry))
            for label, value in (("issuer", r.issuer), ("signer", r.signer.name), ("file", r.file),
                                 ("stored", library.original(entry)),
                                 ("cited by", len(look.cited_by[entry.id]) or None)):
                click.echo(f"            {label:<9}{value or '–'}")
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
@archive_option
def refs(code: str, year: int | None, archive_dir: Path | None) -> None:
    """What the document CODE cites, and what cites it."""
    with open_archive(archive_dir) as library:
        catalog = library.catalog
        look = library.lookup(code, year)
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
@archive_option
def missing_command(limit: int, archive_dir: Path | None) -> None:
    """Cited documents absent from the archive, most cited first."""
    with open_archive(archive_dir) as library:
        for m in library.missing()[:limit]:
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


def _parse_span(text: str) -> int:
    """ "30d", "2w", "3m" → days."""
    import re

    m = re.fullmatch(r"\s*(\d+)\s*([dwm]?)\s*", text.lower())
    if not m:
        raise click.BadParameter(f"'{text}': write a number of days, weeks or months: 30d, 2w, 3m")
    return int(m.group(1)) * {"": 1, "d": 1, "w": 7, "m": 30}[m.group(2)]


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
    if due_within:
        try:
            days = _parse_span(due_within)
        except click.BadParameter as exc:
            fail(f"--due-within {exc.message}")
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
                payload = {"query": text, "kind": "words", "total": results.total, "results": [
                    {**h.entry.record.to_dict(), "score": round(h.score, 4),
                     "snippet": {"text": h.snippet.text, "highlights": [list(x) for x in h.snippet.highlights]}}
                    for h in results.hits]}
            click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
            return
        if results.number:
            if not results.lookups:
                click.echo(f"no document numbered {text}")
            for look in results.lookups:
                for entry in look.entries:
                    click.echo(_entry_line(entry))
                    click.echo(f"            cited by {len(look.cited_by[entry.id])}")
                    for citing in look.cited_by[entry.id]:
                        click.echo(f"              {_entry_line(citing)}")
                _echo_not_archived(look)
            return
        click.echo(f"{results.total} documents" + (f", the first {len(results.hits)}" if results.total > len(results.hits) else ""))
        for hit in results.hits:
            click.echo(_entry_line(hit.entry))
            click.echo(f"            {_highlighted(hit.snippet)}")


by_option = click.option("--by", "by_whom", help="Who does it (default: the login name).")


@main.command("issue")
@click.argument("data_file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The .docx to write.")
@click.option("--pdf", is_flag=True, help="Also write the PDF beside it.")
@click.option("--secret", is_flag=True, help="A secret document: its own number series.")
@by_option
@templates_option
@archive_option
def issue_command(data_file: Path, output: Path | None, pdf: bool, secret: bool, by_whom: str | None,
                  templates_dir: Path | None, archive_dir: Path | None) -> None:
    """Give DATA's document the next number of its series, render it, archive it, register it."""
    with open_archive(archive_dir) as library:
        issued = library.issue(data_file, output, pdf, by_whom, secret, templates_dir)
        click.echo(f"issued {issued.row.code} ({issued.row.series}, {issued.row.year}): wrote {issued.docx}"
                   + (f" and {issued.pdf}" if issued.pdf else ""))


@main.command("receive")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--date", "arrival", type=click.DateTime(["%Y-%m-%d"]), help="Arrival date (default today).")
@by_option
@archive_option
def receive_command(paths: tuple[Path, ...], arrival, by_whom: str | None, archive_dir: Path | None) -> None:
    """Archive incoming documents and give each its số đến."""
    failed = 0
    with open_archive(archive_dir) as library:
        for path, added, row in library.receive(paths, arrival.date() if arrival else None, by_whom):
            if row is None:
                failed += 1
                click.echo(f"skipped {path}: {added.reason}", err=True)
                continue
            r = added.entry.record
            click.echo(f"số đến {row.number_text}/{row.year}  {r.code or '–':<18}  {path.name}"
                       + ("  (already received)" if added.status == "already there" else ""))
    sys.exit(1 if failed else 0)


@main.group("number")
def number_group() -> None:
    """Numbers for outgoing documents signed on paper."""


@number_group.command("next")
@click.option("--issuer", required=True, help="The issuing body, as in the document.")
@click.option("--type", "type_name", default="Công văn", show_default=True)
@click.option("--secret", is_flag=True)
@click.option("--year", type=int, help="Default: this year.")
@by_option
@archive_option
def number_next(issuer: str, type_name: str, secret: bool, year: int | None, by_whom: str | None,
                archive_dir: Path | None) -> None:
    """Allocate the next number of the series and print it."""
    with open_archive(archive_dir) as library:
        series, row = library.next_number(issuer, type_name, secret, year, by_whom)
        click.echo(f"{row.number_text}  ({series}, {row.year})")


@number_group.command("cancel")
@click.argument("number", type=int)
@click.option("--issuer", required=True)
@click.option("--type", "type_name", default="Công văn", show_default=True)
@click.option("--secret", is_flag=True)
@click.option("--year", type=int, help="Default: this year.")
@click.option("--reason", help="Why the document was withdrawn.")
@by_option
@archive_option
def number_cancel(number: int, issuer: str, type_name: str, secret: bool, year: int | None, reason: str | None,
                  by_whom: str | None, archive_dir: Path | None) -> None:
    """Mark an allocated number as cancelled (its document was withdrawn before issue)."""
    with open_archive(archive_dir) as library:
        series, row = library.cancel_number(number, issuer, type_name, secret, year, by_whom, reason)
        click.echo(f"cancelled {row.number_text} of {row.year} in '{series}' ({row.cancelled_by}, {row.cancelled_at})")


@number_group.command("resume")
@click.argument("number", type=int)
@click.option("--issuer", required=True)
@click.option("--type", "type_name", default="Công văn", show_default=True)
@click.option("--secret", is_flag=True)
@click.option("--year", type=int, help="Default: this year.")
@click.option("--data", "data_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="The document's data, when it was not archived before the stop.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="The .docx to write.")
@by_option
@templates_option
@archive_option
def number_resume(number: int, issuer: str, type_name: str, secret: bool, year: int | None, data_file: Path | None,
                  output: Path | None, by_whom: str | None, templates_dir: Path | None,
                  archive_dir: Path | None) -> None:
    """Finish an allocated number whose issue stopped midway: link the document archived with
    it, or render, archive and register its data with that number."""
    with open_archive(archive_dir) as library:
        click.echo(library.resume_number(number, issuer, type_name, secret, year, data_file, output=output,
                                         by_whom=by_whom, templates_dir=templates_dir))


@main.command("register")
@click.argument("direction", type=click.Choice(["outgoing", "incoming"]))
@click.option("--year", type=int, required=True)
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--docx", "docx_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path))
@archive_option
def register_command(direction: str, year: int, xlsx_path, docx_path, pdf_path, archive_dir: Path | None) -> None:
    """Print the register of outgoing or incoming documents (Phụ lục IV columns)."""
    from archive import register_export as export

    with open_archive(archive_dir) as library:
        if xlsx_path or docx_path or pdf_path:
            rows = len(library.register_rows(direction, year))
            try:
                for written in library.export_register(direction, year, xlsx_path, docx_path, pdf_path):
                    click.echo(f"wrote {written} ({rows} rows)")
            except OSError as exc:
                fail(f"{exc.filename or xlsx_path or docx_path or pdf_path}: cannot write ({exc.strerror or exc})")
            return
        click.echo("\t".join(export.headers(direction)))
        for row in library.register_rows(direction, year):
            click.echo("\t".join(str(c) for c in export.cells(direction, row)))


@main.command("report")
@click.argument("form_id")
@click.option("--data", "data_file", required=True, type=click.Path(path_type=Path),
              help="YAML/JSON for one report; CSV/XLSX with one row per table row.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="OUT.pdf or OUT.docx (one report).")
@click.option("--per-unit", help="The sheet column that names the unit: one report per unit.")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), help="Where --per-unit reports go.")
@click.option("--sign", "p12", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Sign with this PKCS#12 certificate (PAdES).")
@click.option("--passphrase", envvar="DOCGEN_P12_PASSPHRASE", help="The certificate's passphrase.")
@templates_option
def report_command(form_id: str, data_file: Path, output: Path | None, per_unit: str | None, out_dir: Path | None,
                   p12: Path | None, passphrase: str | None, templates_dir: Path | None) -> None:
    """Fill report form FORM_ID (bao-cao-tuyen-truyen, dang-ky-mo-hinh, or a document template such as
    bao-cao) from data: .docx and a PDF with an empty signature field over the signer's name."""
    from docgen.drafting import reports

    if per_unit and not out_dir:
        fail("--per-unit writes one report per unit: give --out-dir")
    if not per_unit and not output:
        fail("give -o OUT.pdf (or OUT.docx), or --per-unit COLUMN --out-dir DIR")
    if output and output.suffix.lower() not in (".pdf", ".docx"):
        fail(f"{output}: the output must be .pdf or .docx")
    secret = passphrase.encode() if passphrase else None
    if form_id in reports.FORMS:
        _report_from_form(form_id, data_file, output, per_unit, out_dir, p12, secret)
    else:
        _report_from_template(form_id, data_file, output, out_dir, p12, secret, templates_dir)


def _progress(items, label, shown=None):
    with click.progressbar(items, label=label, file=sys.stderr, hidden=not sys.stderr.isatty(),
                           item_show_func=shown) as bar:
        yield from bar


def _report_from_form(form_id: str, data_file: Path, output: Path | None, per_unit: str | None,
                      out_dir: Path | None, p12: Path | None, secret: bytes | None) -> None:
    from docgen.base.pdf import PdfError
    from docgen.drafting import reports
    from docgen.drafting.signing import SigningError

    try:
        form = reports.get_form(form_id)
        batch = reports.load(data_file, form, per_unit)
    except data_mod.DataError as exc:
        fail(str(exc))
    for problem in batch.problems:
        click.echo(f"skipped {problem}", err=True)
    want_pdf = not (output and output.suffix.lower() == ".docx")
    try:
        made = reports.produce(form, batch, out_dir or output.parent,
                               stem=output.with_suffix("") if output and not per_unit else None,
                               sheets=data_file.suffix.lower() in (".csv", ".xlsx"), pdf=want_pdf,
                               p12=p12, passphrase=secret, progress=_progress)
    except (PdfError, SigningError) as exc:
        fail(str(exc), code=1)
    except OSError as exc:
        fail(f"{exc.filename or out_dir or output}: cannot write ({exc.strerror or exc})", code=1)
    for produced in made:
        click.echo(f"wrote {produced.pdf or produced.docx}" + (" (signed)" if p12 and produced.pdf else ""))
    sheets = sum(1 for p in made if p.xlsx)
    click.echo(f"{len(made)} reports" + (f", {sheets} sheets" if sheets else ""))


def _report_from_template(template_id: str, data_file: Path, output: Path | None, out_dir: Path | None,
                          p12: Path | None, secret: bytes | None, templates_dir: Path | None) -> None:
    """A report drafted with a document template (bao-cao): body and tables from the data file."""
    from docgen.base.pdf import PdfError, convert_to_pdf
    from docgen.drafting import reports
    from docgen.drafting.render import render_docx
    from docgen.drafting.signing import SigningError

    try:
        spec = get_template(template_id, templates_dir)
        document = data_mod.load(data_file)
    except (data_mod.DataError, TemplateError) as exc:
        fail(str(exc))
    target = (output or out_dir / f"{data_file.stem}.pdf").with_suffix(".docx")
    docx = render_docx(document, spec, target, data_path=data_file)
    if output and output.suffix.lower() == ".docx":
        click.echo(f"wrote {docx}")
        return
    try:
        (pdf,) = convert_to_pdf([docx])
        reports.finish_pdf(pdf, document.signer.name, p12, secret)
    except (PdfError, SigningError) as exc:
        fail(str(exc), code=1)
    click.echo(f"wrote {pdf}" + (" (signed)" if p12 else ""))
    click.echo("1 reports")


@main.command("verify-signature")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify_signature(pdf: Path) -> None:
    """Who signed the PDF, and whether it changed since."""
    from docgen.drafting.signing import SigningError, verify

    try:
        empty, signatures = verify(pdf)
    except SigningError as exc:
        fail(str(exc))
    for name in empty:
        click.echo(f"{name}: empty signature field (not signed yet)")
    for s in signatures:
        state = "intact, covers the whole file" if s.intact and s.covers_whole_file else (
            "intact, but the file was changed after signing" if s.intact else "BROKEN: the signed content changed")
        click.echo(f"{s.field}: signed by {s.signer} at {s.signed_at or '?'}: {state}")
    sys.exit(0 if signatures and all(s.intact and s.covers_whole_file for s in signatures) else 1)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A name clerks type to reach this server (repeatable); loopback names always work.")
@click.option("--no-login", is_flag=True, help="On 127.0.0.1 only: no login even when accounts exist.")
@click.option("--https", "behind_https", is_flag=True, help="Served behind an HTTPS proxy: cookies only over HTTPS.")
@click.option("--login-delay", type=float, default=1.0, show_default=True, metavar="SECONDS",
              help="Added to the answer for each failed login after the third (at most five times).")
@click.option("--max-upload-mb", type=click.IntRange(1, 1024), default=50, show_default=True,
              help="The largest file accepted; an upload stops being read past four of them.")
@engine_option
@archive_option
def serve(host: str, port: int, allowed_hosts: tuple[str, ...], no_login: bool, behind_https: bool,
          login_delay: float, max_upload_mb: int, engine: str | None, archive_dir: Path | None) -> None:
    """The web interface for clerks (search, documents, missing, deadlines)."""
    try:
        import uvicorn

        from docgen.web import create_app
        from docgen.web.security import LOOPBACK
    except ImportError:
        fail("the web interface needs its packages: pip install 'docgen[web]'")
    require_login = host not in LOOPBACK
    if no_login and require_login:
        fail(f"--no-login: only on 127.0.0.1; beyond it every page needs a login (--host {host})")
    library = open_archive(archive_dir, engine)
    with library.accounts() as store:
        has_admin, has_accounts = store.has_admin(), store.any()
    location = library.location
    if require_login and not has_admin:
        fail(f"--host {host}: beyond 127.0.0.1 every page needs a login; create an account first: "
             "docgen account add NAME --role admin")
    names = tuple(allowed_hosts) + ((host,) if host not in ("0.0.0.0", "::") else ())
    login = require_login or (has_accounts and not no_login)
    click.echo(f"docgen: http://{host}:{port}/ (archive {location}"
               + (f", records in {library.records_label}" if library.archive.shared else "") + ")"
               + (", login required" if login else ""))
    try:
        uvicorn.run(create_app(library, require_login=require_login, allowed_hosts=names, no_login=no_login,
                               behind_https=behind_https, login_delay=login_delay, max_upload_mb=max_upload_mb),
                    host=host, port=port, log_level="warning")
    finally:
        library.close()


@main.group("db")
def db_group() -> None:
    """The shared PostgreSQL database (several clerks and app nodes): make it, upgrade it,
    move an archive folder into it."""


def _database_url() -> str:
    url = click.get_current_context().meta.get("docgen.database")
    if not url:
        fail("give the database: --database postgresql://user@host/db (or DOCGEN_DATABASE)")
    return url


@db_group.command("init")
@database_option
def db_init() -> None:
    """Make docgen's tables in an empty database."""
    from archive.database import where
    from docgen.library import init_database

    url = _database_url()
    version = init_database(url)
    click.echo(f"initialised the {where(url)} (schema version {version})")


@db_group.command("upgrade")
@database_option
@archive_option_only
def db_upgrade(archive_dir: Path | None) -> None:
    """Bring the tables to this docgen's version (safe to run again): the --database, or else
    the archive folder's catalog.sqlite."""
    from docgen.library import upgrade_database

    which, before, after = upgrade_database(click.get_current_context().meta.get("docgen.database"), archive_dir)
    click.echo(f"{which}: schema version {before} → {after}" if before != after
               else f"{which}: schema version {after}, up to date")


@db_group.command("import")
@click.argument("source", type=click.Path(file_okay=False, exists=True, path_type=Path))
@archive_option
def db_import(source: Path, archive_dir: Path | None) -> None:
    """Copy the archive folder SOURCE (SQLite) into the database: documents with their originals
    (into --objects), registers, accounts; each document read back and compared. Run again to
    finish an import that stopped."""
    _database_url()
    with open_archive(archive_dir) as library:
        report = library.import_archive(source, each=lambda docs: _progress(docs, "importing"))
        for problem in report.problems:
            click.echo(f"skipped {problem}", err=True)
        click.echo(f"imported {report.documents} documents ({report.already} already there), "
                   f"{report.register_rows} register rows, {report.accounts} accounts into {library.records_label}; "
                   f"{len(report.problems)} problems")
    sys.exit(1 if report.problems else 0)


@main.group("account")
def account_group() -> None:
    """Accounts of the web interface: reader, clerk (upload, draft), admin."""


@account_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["reader", "clerk", "admin"]), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@archive_option
def account_add(name: str, role: str, password_stdin: bool, archive_dir: Path | None) -> None:
    """Create an account; the password is asked for (or read with --password-stdin)."""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else click.prompt(
        "Mật khẩu", hide_input=True, confirmation_prompt=True)
    with open_archive(archive_dir) as library, library.accounts() as store:
        store.add(name, password, role)
    click.echo(f"account {name} ({role}) created")


@account_group.command("list")
@archive_option
def account_list(archive_dir: Path | None) -> None:
    with open_archive(archive_dir) as library, library.accounts() as store:
        for account in store.list():
            click.echo(f"{account.name:<20} {account.role}")


@account_group.command("remove")
@click.argument("name")
@archive_option
def account_remove(name: str, archive_dir: Path | None) -> None:
    with open_archive(archive_dir) as library, library.accounts() as store:
        store.remove(name)
    click.echo(f"account {name} removed")


@account_group.command("logout")
@click.argument("name")
@archive_option
def account_logout(name: str, archive_dir: Path | None) -> None:
    """End every session of an account in the web interface (a lost laptop, a shared computer)."""
    with open_archive(archive_dir) as library, library.accounts() as store:
        if store.get(name) is None:
            fail(f"no account '{name}'")
        ended = store.end_sessions(name)
    click.echo(f"account {name}: {ended} session(s) ended")


if __name__ == "__main__":  # pragma: no cover
    main()
