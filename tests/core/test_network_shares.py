"""A data file on a network share is detected on Linux, Windows and macOS/FreeBSD (OS calls faked here)."""

from __future__ import annotations

import ctypes
import struct
import types

import pytest

from npmassess.store import connection, shares

DRIVE_FIXED = 3


def on(monkeypatch, platform: str) -> None:
    monkeypatch.setattr(shares, "sys", types.SimpleNamespace(platform=platform))


class Kernel32:
    """GetDriveTypeW as Windows answers it: DRIVE_REMOTE (4) for the mapped drives, fixed otherwise."""

    def __init__(self, remote: set[str], fail: bool = False):
        self.remote, self.fail, self.asked = remote, fail, []

    def GetDriveTypeW(self, root):  # noqa: N802 - the Windows name
        value = root.value if hasattr(root, "value") else root
        self.asked.append(value)
        if self.fail:
            raise OSError("no such API")
        return 4 if value in self.remote else DRIVE_FIXED


@pytest.fixture
def windows(monkeypatch):
    on(monkeypatch, "win32")
    kernel = Kernel32({"Z:\\"})
    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(kernel32=kernel), raising=False)
    monkeypatch.setattr(shares, "_resolve", lambda text: text)
    return kernel


@pytest.mark.parametrize("path", [r"\\server\share\team\a.db", "//server/share/a.db", r"\\?\UNC\server\share\a.db"])
def test_windows_unc_paths_are_network_shares(windows, path):
    assert shares.filesystem_type(path) == "UNC share"
    assert "network share (UNC share)" in connection.network_warning(path)


def test_windows_mapped_drive_is_asked_of_get_drive_type(windows):
    assert shares.filesystem_type(r"Z:\assessments\a.db") == "network drive"
    assert windows.asked == ["Z:\\"]  # the drive's root, as GetDriveTypeW wants it
    assert shares.filesystem_type(r"\\?\Z:\assessments\a.db") == "network drive"
    assert "network share (network drive)" in connection.network_warning(r"z:/assessments/a.db".upper())
    windows.asked.clear()
    assert shares.filesystem_type(r"C:\Users\ana\a.db") == "" and windows.asked == ["C:\\"]
    assert connection.network_warning(r"C:\Users\ana\a.db") is None
    assert shares.filesystem_type(r"\\.\PhysicalDrive0") == ""  # a device, not a share


def test_windows_a_mapped_drive_that_resolves_to_unc_is_a_share(windows, monkeypatch):
    monkeypatch.setattr(shares, "_resolve", lambda text: text.replace("Y:", r"\\nas\team"))
    assert shares.filesystem_type(r"Y:\a.db") == "UNC share"


def test_windows_failures_mean_not_detected(windows, monkeypatch):
    windows.fail = True
    assert shares.filesystem_type(r"Z:\a.db") == ""
    monkeypatch.delattr(ctypes, "windll")
    assert shares.filesystem_type(r"Z:\a.db") == "" and connection.network_warning(r"Z:\a.db") is None


def macos_statfs(fstype: str) -> bytes:
    """struct statfs of macOS (64-bit inodes), field by field as sys/mount.h declares it."""
    return struct.pack("<IiQQQQQiiIIII16s1024s1024sI7I", 4096, 1 << 20, 100, 50, 50, 10, 5, 1, 2, 501, 24,
                       0x1000, 0, fstype.encode(), b"/Volumes/team", b"//ana@nas/team", 0, *[0] * 7)


def freebsd_statfs(fstype: str) -> bytes:
    """struct statfs of FreeBSD 12+ (STATFS_VERSION 0x20140518), field by field."""
    return struct.pack("<IIQQQQQqQqQQQQ10QII2i80s16s1024s1024s", 0x20140518, 0x3a, 0, 4096, 4096, 100, 50, 50,
                       10, 5, 0, 0, 0, 0, *[0] * 10, 255, 0, 1, 2, b"", fstype.encode(), b"nas:/team", b"/mnt/team")


class Libc:
    """statfs() writing a real struct into the caller's buffer; records the path it was given."""

    def __init__(self, data: bytes, symbol: str = "statfs", result: int = 0):
        self.data, self.result, self.paths = data, result, []
        setattr(self, symbol, self._statfs)

    def _statfs(self, path: bytes, buf) -> int:
        self.paths.append(path)
        if self.result == 0:
            ctypes.memmove(buf, self.data, len(self.data))
        return self.result


@pytest.mark.parametrize("fstype", ["smbfs", "nfs", "afpfs", "webdav", "cifs"])
def test_macos_network_file_systems_are_read_from_statfs(monkeypatch, tmp_path, fstype):
    on(monkeypatch, "darwin")
    libc = Libc(macos_statfs(fstype), symbol="statfs$INODE64")  # x86_64 macOS: the 64-bit-inode entry point
    monkeypatch.setattr(shares, "_libc", lambda: libc)
    assert shares.filesystem_type(tmp_path / "a.db") == fstype
    assert libc.paths == [str(tmp_path).encode()]  # the folder, since the file does not exist yet
    assert f"network share ({fstype})" in connection.network_warning(tmp_path / "a.db")


def test_macos_local_disks_and_failures_are_not_flagged(monkeypatch, tmp_path):
    on(monkeypatch, "darwin")
    libc = Libc(macos_statfs("apfs"))  # arm64 macOS: plain statfs
    monkeypatch.setattr(shares, "_libc", lambda: libc)
    assert shares.filesystem_type(tmp_path / "a.db") == "apfs"
    assert connection.network_warning(tmp_path / "a.db") is None
    monkeypatch.setattr(shares, "_libc", lambda: Libc(macos_statfs("smbfs"), result=-1))
    assert shares.filesystem_type(tmp_path / "a.db") == ""

    def broken():
        raise OSError("libc not found")
    monkeypatch.setattr(shares, "_libc", broken)
    assert shares.filesystem_type(tmp_path / "a.db") == "" and connection.network_warning(tmp_path / "a.db") is None


def test_freebsd_reads_its_own_statfs_layout(monkeypatch, tmp_path):
    on(monkeypatch, "freebsd14")
    monkeypatch.setattr(shares, "_libc", lambda: Libc(freebsd_statfs("nfs")))
    assert shares.filesystem_type(tmp_path) == "nfs"
    monkeypatch.setattr(shares, "_libc", lambda: Libc(freebsd_statfs("ufs")))
    assert shares.filesystem_type(tmp_path) == "ufs"
    assert connection.network_warning(tmp_path / "a.db") is None


def test_linux_reads_proc_mounts_and_other_platforms_say_nothing(monkeypatch, tmp_path):
    on(monkeypatch, "linux")
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\n//nas/team {tmp_path} cifs rw 0 0\n")
    assert shares.filesystem_type(tmp_path / "a.db", str(mounts)) == "cifs"
    assert shares.filesystem_type(tmp_path / "a.db", str(tmp_path / "missing")) == ""  # unreadable: not detected
    on(monkeypatch, "sunos5")
    assert shares.filesystem_type(tmp_path / "a.db", str(mounts)) == ""
