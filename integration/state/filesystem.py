"""Whether the state file lies on a network file system, where SQLite is not safe.

SQLite relies on POSIX advisory locks and, in WAL mode, on shared memory (``-shm``) mapped
by every process that opens the file. Network file systems (NFS, SMB/CIFS as Azure Files
serves, 9p, FUSE mounts of remote storage) implement those locks partly or not at all, so
two processes can write at once and the file is corrupted without a word. The file system is
told by its type in ``/proc/self/mountinfo`` (Linux): the mount holding the resolved path.
Elsewhere nothing is known, and nothing is said.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Mount", "mount_of", "network_share", "parse_mountinfo"]

MOUNTINFO = Path("/proc/self/mountinfo")

_NETWORK = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "lustre", "davfs"}
)
# FUSE types name their program: these serve files kept on another machine
_NETWORK_FUSE = frozenset(
    {"sshfs", "s3fs", "glusterfs", "blobfuse", "blobfuse2", "gcsfuse", "rclone", "juicefs"}
)
_ESCAPE = re.compile(r"\\([0-7]{3})")


@dataclass(frozen=True, slots=True)
class Mount:
    """One line of mountinfo: where, which file system type, and what is mounted."""

    point: str
    fstype: str
    source: str

    @property
    def networked(self) -> bool:
        """Whether the type is one of a network file system."""
        kind, _, program = self.fstype.partition(".")
        return self.fstype in _NETWORK or (kind == "fuse" and program in _NETWORK_FUSE)


def parse_mountinfo(text: str) -> list[Mount]:
    """The mounts in a mountinfo text, in its order; lines it cannot read are passed over.

    A line: ``id parent major:minor root point options [optional fields] - type source
    super-options``; spaces and the like in names stand as octal escapes (``\\040``).
    """
    mounts = []
    for line in text.splitlines():
        fields = line.split(" ")
        if "-" not in fields[6:]:
            continue
        dash = fields.index("-", 6)
        if len(fields) < dash + 3:
            continue
        fstype, source = fields[dash + 1], fields[dash + 2]
        mounts.append(Mount(_unescape(fields[4]), _unescape(fstype), _unescape(source)))
    return mounts


def mount_of(path: str, mounts: list[Mount]) -> Mount | None:
    """The mount that holds the absolute, resolved ``path``: the deepest mount point above
    it, the last mounted where several share one (it covers the others)."""
    found: Mount | None = None
    for mount in mounts:
        point = mount.point.rstrip("/") or "/"
        inside = path == point or path.startswith(point if point == "/" else point + "/")
        if inside and (found is None or len(point) >= len(found.point.rstrip("/") or "/")):
            found = mount
    return found


def network_share(path: Path, mountinfo: Path = MOUNTINFO) -> Mount | None:
    """The network mount ``path`` (a state file, maybe not created yet) lies on, or None
    (a local file system, or no mountinfo to tell)."""
    try:
        text = mountinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    mount = mount_of(os.path.realpath(path), parse_mountinfo(text))
    return mount if mount is not None and mount.networked else None


def _unescape(field: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), field)
