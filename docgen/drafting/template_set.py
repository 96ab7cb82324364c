"""The set of templates a user renders with: docgen's own, or a clerk's folder.

A template folder holds ID.docx (docxtpl tags), ID.yaml (a commented starter
data file) and templates.yaml, which names each id's document type and the
fields that type cannot do without.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from docgen.base import decree
from docgen.base.errors import DocgenError

MANIFEST = "templates.yaml"


class TemplateError(DocgenError):
    """A template folder or id that cannot be used; str() is one line."""

    title = "Mẫu văn bản không dùng được"


@dataclass(frozen=True)
class TemplateSpec:
    id: str
    doc_type: decree.DocType
    docx: Path
    starter: Path | None
    requires: tuple[str, ...] = field(default_factory=tuple)


def default_folder() -> Path:
    """$DOCGEN_TEMPLATES, else templates/ beside the package (source checkout or wheel)."""
    if env := os.environ.get("DOCGEN_TEMPLATES"):
        return Path(env)
    package = Path(__file__).resolve().parent
    for candidate in (package / "templates", package.parent / "templates", package.parent.parent / "templates"):
        if (candidate / MANIFEST).exists():
            return candidate
    return package.parent.parent / "templates"


def _read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.exists():
        return {}
    try:
        manifest = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise TemplateError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(manifest, dict):
        raise TemplateError(f"{path}: expected a mapping of template ids")
    return manifest


def load_templates(folder: Path | None = None) -> dict[str, TemplateSpec]:
    """Every template in the folder, by id, in the manifest's order."""
    folder = Path(folder) if folder else default_folder()
    if not folder.is_dir():
        raise TemplateError(f"{folder}: template folder not found")
    manifest = _read_manifest(folder)
    specs: dict[str, TemplateSpec] = {}
    ids = list(manifest) + sorted(p.stem for p in folder.glob("*.docx") if p.stem not in manifest)
    for template_id in ids:
        docx = folder / f"{template_id}.docx"
        if not docx.exists():
            raise TemplateError(f"{folder / MANIFEST}: template '{template_id}' has no {docx.name}")
        entry = manifest.get(template_id) or {}
        type_name = entry.get("type", "Công văn" if template_id == "cong-van" else None)
        try:
            doc_type = decree.doc_type(type_name) if type_name else None
        except KeyError as exc:
            raise TemplateError(f"{folder / MANIFEST}: template '{template_id}': {exc.args[0]}") from None
        starter = folder / f"{template_id}.yaml"
        specs[template_id] = TemplateSpec(
            id=template_id,
            doc_type=doc_type or decree.DocType(template_id, None),
            docx=docx,
            starter=starter if starter.exists() else None,
            requires=tuple(entry.get("requires", ())),
        )
    return specs


def get_template(template_id: str, folder: Path | None = None) -> TemplateSpec:
    templates = load_templates(folder)
    try:
        return templates[template_id]
    except KeyError:
        known = ", ".join(templates) or "none"
        raise TemplateError(f"unknown template '{template_id}' (known: {known})") from None
