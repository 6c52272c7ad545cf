"""The one atomic-write helper: a hidden temporary file beside the target, fsync, then rename.

A half-written file never replaces a good one, a failure leaves no temporary file behind, and a
crash leaves none for long either: every temporary name is written to a small journal in the data
folder first, and the next start removes what a dead process left (clean_stale_parts).
"""

from __future__ import annotations

import errno
import gc
import os
import sys
import tempfile
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from npmassess.errors import NpmassessError, OutputError
from npmassess.i18n import N_, _, labelled

_JOURNAL = "pending-writes.txt"


_BOTH = {errno.ENOSPC: N_("the disk is full (no space left on the device)"),
         errno.EDQUOT: N_("the disk is full (no space left on the device)"),
         errno.EROFS: N_("the disk is read-only"), errno.EISDIR: N_("it is a folder")}
_READING = {errno.ENOENT: N_("no such file"), errno.EACCES: N_("permission denied"),
            errno.EPERM: N_("permission denied")}
_WRITING = {errno.ENOENT: N_("the folder does not exist"),
            errno.EACCES: N_("permission denied (the folder or file is not writable)"),
            errno.EPERM: N_("permission denied (the folder or file is not writable)")}


def describe_os_error(exc: OSError, reading: bool = False) -> str:
    """An OSError in words a user can act on, in the current language (the system's text otherwise)."""
    reason = _BOTH.get(exc.errno or 0) or (_READING if reading else _WRITING).get(exc.errno or 0)
    return _(reason) if reason else str(exc.strerror or exc)


def check_input_file(path: Path, error: Callable[[str], NpmassessError]) -> int:
    """The size of an ordinary file to read; refuses a folder, FIFO, device or socket before opening.

    Opening a FIFO would wait forever for a writer, and a device may never end, so the kind of
    file is checked with stat() first.
    """
    import stat as st
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise error(labelled(str(path), _("no such file."))) from None
    except OSError as exc:
        raise error(labelled(str(path), _("cannot be read ({reason}).").format(reason=describe_os_error(exc, reading=True)))) from None
    if st.S_ISDIR(info.st_mode):
        raise error(_("{path}: is a folder, not a file.").format(path=path))
    if not st.S_ISREG(info.st_mode):
        # one whole sentence per kind: the French article and agreement change with the kind
        if st.S_ISFIFO(info.st_mode):
            text = _("{path}: is a named pipe (FIFO), not an ordinary file; nothing was read.")
        elif st.S_ISCHR(info.st_mode) or st.S_ISBLK(info.st_mode):
            text = _("{path}: is a device, not an ordinary file; nothing was read.")
        elif st.S_ISSOCK(info.st_mode):
            text = _("{path}: is a socket, not an ordinary file; nothing was read.")
        else:
            text = _("{path}: is not an ordinary file; nothing was read.")
        raise error(text.format(path=path))
    return info.st_size


def _journal_path() -> Path | None:
    from npmassess.paths import data_dir
    try:
        folder = data_dir()
    except OSError:
        return None
    # The data folder exists once the app or the CLI has opened its database there; without it
    # there is nothing to journal into (and nothing is created as a side effect of an export).
    return folder / _JOURNAL if folder.is_dir() else None


def _journal_add(tmp: str) -> None:
    path = _journal_path()
    if path is None:
        return
    try:
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\t{tmp}\n")
    except OSError:
        pass  # the journal only helps cleaning up after a crash; writing goes on without it


def _journal_remove(tmp: str) -> None:
    path = _journal_path()
    if path is None or not path.exists():
        return
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        keep = [ln for ln in lines if ln.split("\t", 1)[-1] != tmp]
        if len(keep) != len(lines):
            path.write_text("".join(ln + "\n" for ln in keep), encoding="utf-8")
    except OSError:
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def clean_stale_parts() -> list[Path]:
    """Remove temporary files that a crashed process left (called at start); returns them."""
    path = _journal_path()
    if path is None or not path.exists():
        return []
    removed, keep = [], []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    for line in lines:
        pid_text, _, name = line.partition("\t")
        if not name:
            continue
        if pid_text.isdigit() and int(pid_text) != os.getpid() and _alive(int(pid_text)):
            keep.append(line)
            continue
        part = Path(name)
        if part.name.endswith(".part") and part.exists():
            try:
                part.unlink()
                removed.append(part)
            except OSError:
                keep.append(line)
    try:
        path.write_text("".join(ln + "\n" for ln in keep), encoding="utf-8")
    except OSError:
        pass
    return removed


def _umask() -> int:
    """The process umask, read without changing it (os.umask would race with other threads)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _set_mode(tmp: str, target: Path) -> None:
    """Give the new file the old file's mode, or the usual mode for new files (mkstemp makes 0600)."""
    try:
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
    except OSError:
        pass


def _release(exc: BaseException) -> None:
    """Let go of what the failed writer still holds, quietly.

    A writer that failed half-way (openpyxl's or python-docx's zip file on a full disk) is only
    closed when its frames are freed; its close then fails again and Python prints "Exception
    ignored ... Traceback" on stderr. Free those frames here, with that report silenced.
    """
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        if exc.__traceback__ is not None:
            traceback.clear_frames(exc.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
    _journal_remove(tmp)


def _fsync_file(name: str) -> None:
    fd = os.open(name, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(str(folder), os.O_RDONLY)
    except OSError:
        return  # not possible on every platform (Windows); the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_output(target: Path | str, error: Callable[[str], NpmassessError] = OutputError) -> Iterator[str]:
    """Yield a temporary file name beside target; on success fsync it and rename it over target.

    Any failure removes the temporary file; an OSError becomes error("Cannot write ...: reason.").
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise error(_("Cannot write {path}: {problem}.").format(path=target, problem=describe_os_error(exc))) from None
    _journal_add(tmp)
    try:
        yield tmp
        _set_mode(tmp, target)
        _fsync_file(tmp)
        os.replace(tmp, target)
        _journal_remove(tmp)
        _fsync_dir(folder)
    except OSError as exc:
        _release(exc)
        _remove(tmp)
        raise error(_("Cannot write {path}: {problem}.").format(path=target, problem=describe_os_error(exc))) from None
    except BaseException as exc:
        _release(exc)
        _remove(tmp)
        raise


def write_atomic(target: Path | str, data: bytes | str,
                 error: Callable[[str], NpmassessError] = OutputError) -> None:
    """Write bytes (or UTF-8 text) to target atomically."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_output(target, error) as tmp:
        with open(tmp, "wb") as f:
            f.write(payload)
