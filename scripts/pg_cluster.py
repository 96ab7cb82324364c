"""A throwaway PostgreSQL cluster for the tests and the benchmarks: initdb and pg_ctl from
Debian's packages, run as an unprivileged user (the `postgres` account when started as
root: initdb refuses root), its socket in the cluster's own temporary folder, no TCP port.

    python scripts/pg_cluster.py start DIR   # prints the URL; stop with: pg_cluster.py stop DIR
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
import time
from pathlib import Path

PORT = 5439
USER = "docgen"


class ClusterError(Exception):
    pass


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl: Debian keeps them out of PATH, one folder a version."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def _as_owner(command: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *command] if owner else command


def url_for(folder: Path, database: str = "postgres") -> str:
    return f"postgresql://{USER}@/{database}?host={folder / 'socket'}&port={PORT}"


def start(folder: Path) -> str:
    """Make and start a cluster in folder (empty or absent); returns the URL of its postgres database."""
    bin_dir = binaries()
    if bin_dir is None:
        raise ClusterError("PostgreSQL's binaries are not installed (apt-get install postgresql)")
    folder = Path(folder)
    data, socket = folder / "data", folder / "socket"
    socket.mkdir(parents=True, exist_ok=True)
    owner = None
    if os.geteuid() == 0:
        owner = "postgres"
        try:
            entry = pwd.getpwnam(owner)
        except KeyError:
            raise ClusterError("running as root and there is no 'postgres' user to run the cluster as") from None
        for path in (folder, socket):
            os.chown(path, entry.pw_uid, entry.pw_gid)
        folder.chmod(0o755)
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    run = lambda *args: subprocess.run(_as_owner([str(bin_dir / args[0]), *args[1:]], owner), env=env,  # noqa: E731
                                       capture_output=True, text=True, cwd="/")
    if not (data / "PG_VERSION").exists():  # a new cluster; otherwise the one there is started again
        done = run("initdb", "-D", str(data), "-U", USER, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8")
        if done.returncode:
            raise ClusterError(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")
    options = f"-c listen_addresses='' -k {socket} -p {PORT} -c fsync=off -c synchronous_commit=off " \
              "-c full_page_writes=off -c max_connections=100"
    done = run("pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "server.log"), "-w", "-t", "60", "start")
    if done.returncode:
        log = (folder / "server.log").read_text(errors="replace")[-2000:] if (folder / "server.log").exists() else ""
        raise ClusterError(f"pg_ctl start failed: {done.stderr.strip()} {log}")
    return url_for(folder)


def stop(folder: Path) -> None:
    bin_dir = binaries()
    owner = "postgres" if os.geteuid() == 0 else None
    if bin_dir and (Path(folder) / "data" / "postmaster.pid").exists():
        subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(Path(folder) / "data"), "-m", "fast", "-w",
                                  "stop"], owner), capture_output=True, cwd="/")


def folder_of(url: str) -> Path:
    """The cluster folder of a URL made by url_for (its socket folder's parent)."""
    from urllib.parse import parse_qs, urlsplit

    return Path(parse_qs(urlsplit(url).query)["host"][0]).parent


def create_database(admin_url: str, name: str) -> str:
    """A new empty database in the cluster; returns its URL."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    return admin_url.replace("/postgres?", f"/{name}?")


def wait_ready(url: str, seconds: float = 30) -> None:
    import psycopg

    deadline = time.monotonic() + seconds
    while True:
        try:
            psycopg.connect(url).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        sys.exit("usage: pg_cluster.py start|stop DIR")
    if sys.argv[1] == "start":
        print(start(Path(sys.argv[2])))
    else:
        stop(Path(sys.argv[2]))
