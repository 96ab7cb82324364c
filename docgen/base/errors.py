"""One base class for every error a user can cause or meet (a bad data file, a number
already taken, a database that cannot be reached). str() is one line naming the file or
the thing and the problem; the CLI prints it with `exit_code`, the web app shows it on a
page headed by `title` (Vietnamese). Anything else that escapes is a bug."""

from __future__ import annotations

USAGE = 2  # the input or the request cannot be done as given
FAILED = 1  # a check or a conversion ran and failed
MACHINE = 3  # the machine refused: a full disk, a read-only folder, a damaged database


class DocgenError(Exception):
    exit_code = USAGE
    title = "Không thực hiện được"
