"""extract() in a child process with limits, for files from people one does not know.

The web server reads uploads this way: a PDF that inflates to gigabytes, a zip bomb
renamed .doc or a file that makes a reader loop forever ends its own child (memory cap,
CPU and wall-clock time), is reported as refused with the reason, and leaves the server as
it was. The CLI reads the user's own files in-process, which is faster.

    python -m archive.isolated FILE [--no-ocr]   prints the Extracted as JSON
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from archive.extract import MAX_OCR_PAGES, Extracted, ExtractError, extract
from docgen.base.limits import MB, LimitExceeded, Limits, ran_out_of_memory, run_limited

# Enough for a long scan OCR'd page by page (MAX_OCR_PAGES at a few seconds a page), and for
# the largest real documents; a file needing more is refused, not waited for.
UPLOAD_LIMITS = Limits(seconds=60 + 8 * MAX_OCR_PAGES, memory=2048 * MB)
EXTRACT_ERROR = 3  # the child's exit code for a file it could not read (message on stderr)


def extract_isolated(path: Path, ocr: bool = True, limits: Limits = UPLOAD_LIMITS) -> Extracted:
    """Like extract(), in a child within `limits`. Raises ExtractError naming the file and the
    limit it went past."""
    command = [sys.executable, "-m", "archive.isolated", str(path)] + ([] if ocr else ["--no-ocr"])
    try:
        result = run_limited(command, limits)
    except LimitExceeded as exc:
        raise ExtractError(f"{path}: refused: reading it {exc} (limit {limits.seconds:.0f} s)") from None
    if result.returncode == EXTRACT_ERROR:
        raise ExtractError(result.stderr.decode("utf-8", "replace").strip().splitlines()[-1])
    if result.returncode != 0:
        if ran_out_of_memory(result):
            raise ExtractError(f"{path}: refused: reading it needs more than {limits.memory // MB} MB of memory")
        raise ExtractError(f"{path}: could not be read (the reader stopped with code {result.returncode})")
    return Extracted(**json.loads(result.stdout))


def main(argv: list[str]) -> int:
    path = Path(argv[0])
    try:
        extracted = extract(path, ocr="--no-ocr" not in argv)
    except ExtractError as exc:
        print(str(exc), file=sys.stderr)
        return EXTRACT_ERROR
    sys.stdout.write(json.dumps(asdict(extracted), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
