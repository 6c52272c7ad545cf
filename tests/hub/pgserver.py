"""A throwaway PostgreSQL server (initdb + pg_ctl in a temp dir, free port) for tests and benches."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def bindir() -> Path | None:
    """The folder of initdb and pg_ctl (PATH first, then Debian's /usr/lib/postgresql/N/bin)."""
    found = shutil.which("initdb") or shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    cands = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(cands[-1]).parent if cands else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TempServer:
    """initdb + pg_ctl start; as root the server runs as `postgres` in a directory it owns."""

    def __init__(self, superuser: str, password: str):
        self.bin = bindir()
        if self.bin is None or not (self.bin / "initdb").exists():
            raise FileNotFoundError("no PostgreSQL server binaries (initdb, pg_ctl)")
        self.owner = None
        if os.geteuid() == 0:
            pwd.getpwnam("postgres")  # KeyError: no user to run the server as
            self.owner = "postgres"
        self.superuser, self.password = superuser, password
        self.host, self.port = "127.0.0.1", free_port()
        self.root = Path(tempfile.mkdtemp(prefix="npma-pg-"))
        self.data = self.root / "data"

    def _run(self, cmd: list[str], check: bool = True) -> None:
        full = (["runuser", "-u", self.owner, "--"] if self.owner else []) + cmd
        subprocess.run(full, check=check, capture_output=True, text=True, timeout=120)

    def start(self) -> "TempServer":
        sock, pwfile = self.root / "sock", self.root / "pw"
        sock.mkdir()
        pwfile.write_text(self.password + "\n")
        if self.owner:
            for p in (self.root, sock, pwfile):
                shutil.chown(p, self.owner)
        self._run([str(self.bin / "initdb"), "-D", str(self.data), "-U", self.superuser, "--pwfile", str(pwfile),
                   "-E", "UTF8", "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256"])
        self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "60",
                   "-o", f"-p {self.port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c max_connections=50", "start"])
        return self

    def stop(self) -> None:
        self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"], check=False)
        shutil.rmtree(self.root, ignore_errors=True)
