"""QuickXorHash, the content hash OneDrive and SharePoint report as ``file.hashes.quickXorHash``.

The algorithm XORs byte ``i`` of the input into a 160-bit circular register at bit offset
``(11 * i) mod 160`` and finally XORs the input length (64-bit little endian) into the last
eight bytes of the little-endian register; the result is sent base64-encoded.

Because bytes whose positions agree modulo 160 land on the same offset, the input is first
folded into a 160-byte row (XOR of all 160-byte rows) using big-integer arithmetic, and only
the 160 folded bytes are spread into the register. That keeps the hash of a large download
cheap in pure Python.
"""

from __future__ import annotations

import base64

__all__ = ["QuickXorHash", "quickxor_hash"]

_WIDTH_BITS = 160
_SHIFT = 11
_ROW = _WIDTH_BITS  # bytes per fold row: one byte per register offset
_ROW_BITS = _ROW * 8
_ROW_MASK = (1 << _ROW_BITS) - 1
_REGISTER_MASK = (1 << _WIDTH_BITS) - 1
_FOLD_ROWS = 1024  # rows folded per big-integer block (a power of two)


def _spread_table() -> tuple[tuple[int, ...], ...]:
    """For each row position r, the register value of every byte value placed there."""
    table = []
    for r in range(_ROW):
        offset = (_SHIFT * r) % _WIDTH_BITS
        row = []
        for value in range(256):
            shifted = value << offset
            row.append((shifted | (shifted >> _WIDTH_BITS)) & _REGISTER_MASK)
        table.append(tuple(row))
    return tuple(table)


_SPREAD = _spread_table()


def _fold(block: bytes) -> int:
    """XOR of all 160-byte rows of ``block`` (zero padded to whole rows), as a 1280-bit int."""
    rows = -(-len(block) // _ROW)
    width = 1
    while width < rows:
        width *= 2
    acc = int.from_bytes(block, "little")
    bits = width * _ROW_BITS
    while bits > _ROW_BITS:
        bits //= 2
        acc = (acc >> bits) ^ (acc & ((1 << bits) - 1))
    return acc


class QuickXorHash:
    """Incremental QuickXorHash: ``update`` any number of times, then ``digest_b64``.

    ``digest``/``digest_b64`` do not change the state, so more data may follow.
    """

    __slots__ = ("_length", "_row")

    def __init__(self) -> None:
        self._row = 0  # XOR of input bytes by position mod 160, little endian
        self._length = 0

    def update(self, data: bytes | bytearray | memoryview) -> None:
        """Add ``data`` to the hashed input."""
        view = memoryview(data).cast("B")
        step = _ROW * _FOLD_ROWS
        for start in range(0, len(view), step):
            chunk = view[start : start + step]
            folded = _fold(bytes(chunk))
            rotate = (self._length % _ROW) * 8
            if rotate:
                folded = ((folded << rotate) | (folded >> (_ROW_BITS - rotate))) & _ROW_MASK
            self._row ^= folded
            self._length += len(chunk)

    def digest(self) -> bytes:
        """The 20-byte hash of everything added so far."""
        register = 0
        row = self._row.to_bytes(_ROW, "little")
        for position, value in enumerate(row):
            if value:
                register ^= _SPREAD[position][value]
        out = bytearray(register.to_bytes(_WIDTH_BITS // 8, "little"))
        for i, byte in enumerate(self._length.to_bytes(8, "little")):
            out[12 + i] ^= byte
        return bytes(out)

    def digest_b64(self) -> str:
        """The hash as Graph reports it: standard base64 of the 20 bytes."""
        return base64.b64encode(self.digest()).decode("ascii")


def quickxor_hash(data: bytes) -> str:
    """QuickXorHash of ``data``, base64-encoded as in ``file.hashes.quickXorHash``."""
    hasher = QuickXorHash()
    hasher.update(data)
    return hasher.digest_b64()
