"""Which mount holds the state file, and whether its file system is a network one."""

from __future__ import annotations

from pathlib import Path

import pytest

from integration.state.filesystem import Mount, mount_of, network_share, parse_mountinfo

MOUNTINFO = """\
22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
23 22 0:21 / /proc rw,relatime - proc proc rw
30 22 0:40 / /data rw,relatime shared:7 master:2 - nfs4 files.example:/exports/freigabe rw,vers=4.1
31 30 0:41 / /data/local rw - tmpfs tmpfs rw
32 22 0:42 / /mnt/azure\\040files rw - cifs //konto.example/share rw,vers=3.1.1
33 22 0:43 /sub /srv rw - ext4 /dev/vdb rw
34 33 0:44 / /srv rw - fuse.sshfs nutzer@host.example:/freigabe rw
35 22 0:45 / /datastore rw - xfs /dev/vdc rw
a broken line without the separator
36 22 0:46 / /half rw -
"""


def test_mountinfo_lines_are_read_with_escapes_and_optional_fields() -> None:
    """Optional fields before '-' are skipped, \\040 is a space, broken lines are passed over."""
    mounts = parse_mountinfo(MOUNTINFO)
    assert [m.point for m in mounts] == [
        "/",
        "/proc",
        "/data",
        "/data/local",
        "/mnt/azure files",
        "/srv",
        "/srv",
        "/datastore",
    ]
    assert mounts[2] == Mount("/data", "nfs4", "files.example:/exports/freigabe")
    assert mounts[4].source == "//konto.example/share"


@pytest.mark.parametrize(
    ("path", "fstype", "networked"),
    [
        ("/data/state.sqlite", "nfs4", True),
        ("/data", "nfs4", True),
        ("/data/local/state.sqlite", "tmpfs", False),
        ("/mnt/azure files/freigabe/state.sqlite", "cifs", True),
        ("/srv/state.sqlite", "fuse.sshfs", True),
        ("/datastore/state.sqlite", "xfs", False),
        ("/data2/state.sqlite", "ext4", False),
        ("/var/lib/freigabe/state.sqlite", "ext4", False),
    ],
)
def test_the_deepest_mount_above_a_path_holds_it(path: str, fstype: str, networked: bool) -> None:
    """A prefix counts only at a '/' (/data2 is not in /data); the later of two on one point."""
    mount = mount_of(path, parse_mountinfo(MOUNTINFO))
    assert mount is not None
    assert (mount.fstype, mount.networked) == (fstype, networked)


@pytest.mark.parametrize(
    ("fstype", "networked"),
    [
        ("nfs", True),
        ("smb3", True),
        ("smbfs", True),
        ("9p", True),
        ("fuse.blobfuse2", True),
        ("fuse.gcsfuse", True),
        ("fuse", False),
        ("fuse.fuse-overlayfs", False),
        ("overlay", False),
        ("btrfs", False),
    ],
)
def test_network_kinds(fstype: str, networked: bool) -> None:
    """Network file systems and FUSE programs for remote storage; local ones are not."""
    assert Mount("/x", fstype, "s").networked is networked


def test_network_share_of_a_state_file_not_yet_created(tmp_path: Path) -> None:
    """A folder that does not exist yet is judged by the mount it will be made on."""
    info = tmp_path / "mountinfo"
    info.write_text(f"1 0 0:1 / / rw - ext4 /dev/vda rw\n2 1 0:2 / {tmp_path} rw - 9p share rw\n")
    share = network_share(tmp_path / "neu" / "state.sqlite", info)
    assert share == Mount(str(tmp_path), "9p", "share")
    assert network_share(Path("/var/state.sqlite"), info) is None
    assert network_share(tmp_path / "state.sqlite", tmp_path / "missing") is None
