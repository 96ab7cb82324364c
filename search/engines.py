"""Which engine an index folder is opened with: tantivy (Rust, the default) or Whoosh (pure
Python, where tantivy's wheels do not install). Kept apart from engine.py, the interface both
implement, so that neither implementation imports the module that chooses between them."""

from __future__ import annotations

from pathlib import Path

from search.engine import ENGINES, Engine, EngineError


def open_engine(name: str, folder: Path) -> Engine:
    if name == "tantivy":
        try:
            from search.tantivy_engine import TantivyEngine
        except ImportError:
            raise EngineError("the tantivy engine is not installed (pip install tantivy); or use --engine whoosh") from None

        return TantivyEngine(folder / "tantivy")
    if name == "whoosh":
        from search.whoosh_engine import WhooshEngine

        return WhooshEngine(folder / "whoosh")
    raise EngineError(f"unknown search engine '{name}' (one of {', '.join(ENGINES)})")
