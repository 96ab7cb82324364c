"""PDF signature fields and signatures (pyHanko).

A report leaves docgen with an empty signature field over the signer's area on its
last page, so the head of the unit signs with their own certificate and tool without
moving anything; `sign` signs it directly (PAdES B-B: offline, no timestamp), and
`verify` says who signed and whether the file changed since.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from docgen.base.errors import DocgenError
from docgen.base.vntext import fold_key, nfc

FIELD_NAME = "ChuKyThuTruong"  # the head of the unit's signature
PADDING = 6.0  # points around the name


class SigningError(DocgenError):
    """str() is one line naming the file."""

    exit_code = 1
    title = "Lỗi chữ ký số"


@dataclass
class Box:
    page: int  # 0-based
    x0: float
    y0: float  # PDF coordinates: from the bottom of the page
    x1: float
    y1: float


def signer_box(pdf: Path, name: str, title: str | None = None) -> Box:
    """The signer's area on the last page: from the name up to the title above it
    (the room left for the signature and the seal)."""
    import pdfplumber

    wanted = nfc(name).split()
    with pdfplumber.open(pdf) as document:
        index = len(document.pages) - 1
        page = document.pages[index]
        words = page.extract_words()
        texts = [nfc(w["text"]) for w in words]
        for i in range(len(words) - len(wanted) + 1):
            if texts[i: i + len(wanted)] == wanted:
                run = words[i: i + len(wanted)]
                x0, x1 = min(w["x0"] for w in run), max(w["x1"] for w in run)
                top, bottom = min(w["top"] for w in run), max(w["bottom"] for w in run)
                # the title line above the name bounds the area from the top
                above = [w for w in words if w["bottom"] < top and abs((w["x0"] + w["x1"]) / 2 - (x0 + x1) / 2) < 120]
                ceiling = max((w["bottom"] for w in above), default=top - 80)
                width = max(x1 - x0, 160)
                centre = (x0 + x1) / 2
                return Box(index, centre - width / 2 - PADDING, page.height - bottom - PADDING,
                           centre + width / 2 + PADDING, page.height - ceiling)
    raise SigningError(f"{pdf}: the signer's name '{name}' is not on the last page")


def add_signature_field(pdf: Path, box: Box, field_name: str = FIELD_NAME) -> None:
    """An empty signature field, added as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    data = pdf.read_bytes()
    import io

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    append_signature_field(writer, SigFieldSpec(field_name, on_page=box.page, box=(box.x0, box.y0, box.x1, box.y1)))
    out = io.BytesIO()
    writer.write(out)
    pdf.write_bytes(out.getvalue())


STAMP_TEXT = "Ký bởi: %(signer)s\nThời gian: %(ts)s"
VIETNAM_TIME = _dt.timezone(_dt.timedelta(hours=7), "ICT")


def stamp_font() -> Path | None:
    """A serif font with every Vietnamese letter for the signature stamp, rescaled to
    1000 units per em: pyHanko lays a 2048-unit font (Liberation Serif) out twice too
    wide. Made once, kept in the user's cache."""
    import logging
    import os
    import shutil
    import subprocess

    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "docgen" / "stamp-serif-1000.ttf"
    if cache.exists():
        return cache
    source = None
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", "Liberation Serif:lang=vi"], capture_output=True, text=True)
        source = Path(found.stdout.strip()) if found.returncode == 0 and found.stdout.strip() else None
    if source is None or not source.exists() or source.suffix.lower() != ".ttf":
        return None
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    font = TTFont(str(source))
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    cache.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(cache))
    return cache


def _stamp_style():
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    font = stamp_font()
    if font is None:  # the stamp then uses pyHanko's own font, without Vietnamese letters
        return TextStampStyle(stamp_text="Signed: %(ts)s", border_width=0)
    return TextStampStyle(stamp_text=STAMP_TEXT, border_width=0,
                          text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(font)), font_size=7))


def sign(pdf: Path, p12: Path, passphrase: bytes | None, out: Path | None = None,
         field_name: str = FIELD_NAME) -> Path:
    import logging

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    logging.getLogger("fontTools").setLevel(logging.ERROR)

    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=passphrase)
    if signer is None:
        raise SigningError(f"{p12}: cannot read the certificate (wrong file or passphrase)")
    out = out or pdf
    data = pdf.read_bytes()
    import io

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha256")
    # the stamp's time in Vietnam's time (UTC+7, no summer time), whatever the server's zone
    now = _dt.datetime.now(VIETNAM_TIME)
    signed = signers.PdfSigner(meta, signer=signer, stamp_style=_stamp_style()).sign_pdf(
        writer, appearance_text_params={"ts": now.strftime("%d/%m/%Y %H:%M:%S (UTC+07:00)")})
    out.write_bytes(signed.getvalue())
    return out


def load_trust_roots(paths) -> list:
    """Certificates (PEM or DER) to trust when verifying; SigningError naming a file that is not one."""
    from pyhanko.keys import load_cert_from_pemder

    roots = []
    for path in paths:
        try:
            roots.append(load_cert_from_pemder(str(path)))
        except Exception as exc:  # noqa: BLE001 - several kinds for a file that is not a certificate
            raise SigningError(f"{path}: not a certificate (PEM or DER): {type(exc).__name__}") from None
    return roots


def holder_mismatch(p12: Path, passphrase: bytes | None, printed_signers: list[str]) -> str | None:
    """One line when the certificate's holder is not the signer the documents print (signing a
    Giám đốc's report with a Phó giám đốc's token): the signature would be valid, and wrong."""
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=passphrase)
    if signer is None:
        raise SigningError(f"{p12}: cannot read the certificate (wrong file or passphrase)")
    holder = signer.signing_cert.subject.native.get("common_name") or signer.signing_cert.subject.human_friendly
    others = sorted({name for name in printed_signers if name and fold_key(name) not in fold_key(holder)})
    if not others:
        return None
    return (f"{p12}: the certificate is {holder}'s; the {'documents print' if len(others) > 1 else 'document prints'} "
            f"{', '.join(others)} as signer")


@dataclass
class SignatureReport:
    field: str
    signer: str | None
    intact: bool
    valid: bool  # intact and the certificate trusted by the given roots
    covers_whole_file: bool
    signed_at: str | None


def verify(pdf: Path, trust_roots: list | None = None) -> tuple[list[str], list[SignatureReport]]:
    """Empty fields, and a report per signature."""
    import logging

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)  # its tracebacks are not the user's: the report says it
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    try:
        with open(pdf, "rb") as f:
            reader = PdfFileReader(f, strict=False)
            empty = [name for name, value, _ in enumerate_sig_fields(reader) if value is None]
            reports = []
            for signature in reader.embedded_signatures:
                context = ValidationContext(trust_roots=trust_roots or [], allow_fetching=False)
                try:
                    status = validate_pdf_signature(signature, context)
                    intact, valid = status.intact, status.intact and status.valid and status.trusted
                    coverage = status.coverage.name == "ENTIRE_FILE"
                    signed_at = status.signer_reported_dt.isoformat() if status.signer_reported_dt else None
                except Exception:  # a damaged signature: not intact
                    intact = valid = coverage = False
                    signed_at = None
                cert = signature.signer_cert
                reports.append(SignatureReport(signature.field_name, cert.subject.human_friendly if cert else None,
                                               intact, valid, coverage, signed_at))
            return empty, reports
    except Exception as exc:
        raise SigningError(f"{pdf}: not a readable PDF ({type(exc).__name__}: {exc})") from None
