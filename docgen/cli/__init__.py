"""The `docgen` command: a thin layer over the library (docgen.library), one module a
group of commands; each command is one library call and prints its answer.

Every error a user can cause is printed as one line naming the file and the problem
(exit code 2 for bad input, 1 for a failed check, 3 when the machine refused); no tracebacks.
"""

from docgen.cli import archive, drafting, exchange, handling, records, registers, server  # noqa: F401  (they add the commands)
from docgen.cli.base import main

__all__ = ["main"]
