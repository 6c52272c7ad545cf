"""Is a file on a network share (where SQLite's locking is unsafe)? Linux, Windows, macOS and FreeBSD.

Each platform asks its own OS: Linux reads /proc/mounts; Windows looks for a UNC path
(\\\\server\\share) or asks GetDriveTypeW whether the drive is remote (a mapped drive); macOS and
FreeBSD read f_fstypename from statfs(). Every check is guarded by platform and never raises:
any failure means "not detected" ('').
"""

from __future__ import annotations

import ntpath
import os
import sys
from pathlib import Path

NETWORK_FS = ("cifs", "smb3", "smbfs", "nfs", "nfs4", "afs", "9p", "fuse.sshfs", "davfs", "fuse.davfs2",
              "afpfs", "webdav", "UNC share", "network drive")
DRIVE_REMOTE = 4  # GetDriveTypeW: a network (mapped) drive
# where f_fstypename lies in struct statfs (bytes from the start, length), by platform:
# macOS (64-bit inodes): 2 x 32-bit, 5 x 64-bit counts, fsid (8), owner, type, flags, fssubtype (4 each)
# FreeBSD 12+: version, type (4 each), flags and 11 x 64-bit counts, 10 x 64-bit spare, namemax, owner,
# fsid (8), 80 spare chars
STATFS = {"darwin": (72, 16, 2168), "freebsd": (280, 16, 2344)}


def filesystem_type(path: Path | str, mounts: str = "/proc/mounts") -> str:
    """The type of the file system holding path ('cifs', 'nfs4', 'smbfs', 'network drive'...), or ''."""
    try:
        if sys.platform == "win32":
            return windows_type(str(path))
        family = next((k for k in STATFS if sys.platform.startswith(k)), None)
        if family is not None:
            return statfs_type(path, family)
        if sys.platform.startswith("linux"):
            return linux_type(path, mounts)
    except Exception:  # detection only warns: a failure must never stop the file from opening
        return ""
    return ""


def linux_type(path: Path | str, mounts: str = "/proc/mounts") -> str:
    """The longest mount point of /proc/mounts that holds path, and its type."""
    path = Path(path)
    target = os.path.realpath(path if path.exists() else path.parent)
    with open(mounts, encoding="utf-8", errors="replace") as f:
        rows = [line.split() for line in f]
    best, kind = "", ""
    for fields in rows:
        if len(fields) < 3:
            continue
        mount = fields[1].replace("\\040", " ")
        if (target == mount or target.startswith(mount.rstrip("/") + "/")) and len(mount) >= len(best):
            best, kind = mount, fields[2]
    return kind


def windows_type(path: str) -> str:
    """'UNC share' for \\\\server\\share paths, 'network drive' for a mapped (remote) drive letter, else ''."""
    for candidate in _windows_forms(path):
        if candidate.startswith("\\\\?\\UNC\\"):
            return "UNC share"
        if candidate.startswith("\\\\?\\"):  # an extended-length local path: \\?\C:\...
            candidate = candidate[4:]
        elif candidate.startswith("\\\\.\\"):  # a device path, not a share
            continue
        drive, _rest = ntpath.splitdrive(candidate)
        if drive.startswith("\\\\"):
            return "UNC share"
        if len(drive) == 2 and drive[1] == ":":
            import ctypes  # here: only Windows asks, and the store loads before the start page
            if ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(drive + "\\")) == DRIVE_REMOTE:  # type: ignore[attr-defined]
                return "network drive"
    return ""


def _windows_forms(path: str) -> list[str]:
    """The path as given (absolute) and as resolved (a mapped drive may resolve to its UNC path)."""
    text = path.replace("/", "\\")
    if not ntpath.isabs(text) and not text.startswith("\\\\"):
        text = ntpath.join(os.getcwd(), text)
    forms = [text]
    try:
        resolved = _resolve(text)
        if resolved != text:
            forms.append(resolved.replace("/", "\\"))
    except (OSError, ValueError):
        pass
    return forms


def _resolve(text: str) -> str:
    return os.path.realpath(text)


def statfs_type(path: Path | str, family: str) -> str:
    """f_fstypename of statfs(path) on macOS or FreeBSD ('smbfs', 'nfs', 'afpfs', 'webdav'...), or ''."""
    import ctypes
    offset, length, size = STATFS[family]
    path = Path(path)
    target = path if path.exists() else path.parent
    libc = _libc()
    fn = getattr(libc, "statfs$INODE64", None) if family == "darwin" else None  # x86_64 macOS: 64-bit inodes
    fn = fn or libc.statfs
    buf = ctypes.create_string_buffer(size + 512)  # room to spare if a later OS grows the struct
    if fn(os.fsencode(str(target)), buf) != 0:
        return ""
    raw = buf.raw[offset:offset + length].split(b"\0", 1)[0]
    name = raw.decode("ascii", "replace")
    return name if name.isprintable() else ""


def _libc():
    import ctypes.util
    return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


def is_network(kind: str) -> bool:
    """Whether a file system type names a network share."""
    return kind in NETWORK_FS or kind.startswith(("nfs", "smb", "cifs", "afp", "webdav"))
