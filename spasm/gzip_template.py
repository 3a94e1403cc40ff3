"""gzip for a page that is fixed but for one short slot, repeated.

A first visit to a page with forms differs from every other first visit only
in its CSRF token. Compressing the whole page again for each request cost
more than the rest of the request; instead the fixed parts are compressed
once, and per request only the slot's bytes are put in between them. Only
the CRC is computed per request.

The first time the slot appears it goes in as a stored (plain) deflate block.
Each later time is a precomputed block that says "copy the slot from N bytes
back", so a token repeated in every form costs a few bytes, as it would in one
stream. Each fixed part after the first is compressed with the text before it
as its dictionary, so it compresses as well as one stream would too; the
slots stand in that dictionary as NUL bytes, which page text never holds, so
no match can point into a slot, whose bytes change from request to request.
"""

from __future__ import annotations

import bisect
import struct
import zlib

# Magic, deflate, no flags, no modification time, best compression, unknown OS.
HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
WINDOW = 32768
RAW_DEFLATE = -15
MIN_MATCH, MAX_MATCH = 3, 258

# RFC 1951, 3.2.5: length and distance codes, their base values and extra bits.
LENGTH_BASES = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
                163, 195, 227, 258]
LENGTH_EXTRA = [0] * 8 + [1] * 4 + [2] * 4 + [3] * 4 + [4] * 4 + [5] * 4 + [0]
DISTANCE_BASES = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
                  2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
DISTANCE_EXTRA = [0, 0, 0, 0] + [code // 2 - 1 for code in range(4, 30)]
END_OF_BLOCK = 256


class GzipTemplate:
    def __init__(self, parts: list[bytes], slot_length: int, level: int = 9):
        if not parts or any(b"\x00" in part for part in parts):
            raise ValueError("parts must be non-empty text without NUL bytes")
        if not MIN_MATCH <= slot_length < 65536:
            raise ValueError("a slot must be longer than a match's minimum and fit one stored block")
        self.parts = parts
        self.slot_length = slot_length
        self.length = sum(map(len, parts)) + slot_length * (len(parts) - 1)
        self.first_crc = zlib.crc32(parts[0])
        self.compressed: list[bytes] = []
        # For each slot: None to write it out, or the block that copies the last one.
        self.copies: list[bytes | None] = []
        before = b""
        last_slot_at = None
        for index, part in enumerate(parts):
            if before:
                compressor = zlib.compressobj(level, zlib.DEFLATED, RAW_DEFLATE, 9, zdict=before[-WINDOW:])
            else:
                compressor = zlib.compressobj(level, zlib.DEFLATED, RAW_DEFLATE, 9)
            # A sync flush ends on a byte boundary with no final block, so a
            # block of ours can follow; the last part ends the stream.
            end = zlib.Z_FINISH if index == len(parts) - 1 else zlib.Z_SYNC_FLUSH
            self.compressed.append(compressor.compress(part) + compressor.flush(end))
            before += part
            if index < len(parts) - 1:
                slot_at = len(before)
                distance = slot_at - last_slot_at if last_slot_at is not None else None
                self.copies.append(copy_block(slot_length, distance) if distance and distance <= WINDOW else None)
                last_slot_at = slot_at
                before += b"\x00" * slot_length
        self.stored_block_header = struct.pack("<BHH", 0, slot_length, slot_length ^ 0xFFFF)

    def render(self, slot: bytes) -> bytes:
        """The gzip of the parts joined by `slot`."""
        if len(slot) != self.slot_length:
            raise ValueError("the slot's length is fixed when the template is made")
        crc = self.first_crc
        pieces = [HEADER, self.compressed[0]]
        for part, compressed, copy in zip(self.parts[1:], self.compressed[1:], self.copies):
            crc = zlib.crc32(part, zlib.crc32(slot, crc))
            if copy is None:
                pieces += (self.stored_block_header, slot, compressed)
            else:
                pieces += (copy, compressed)
        pieces.append(struct.pack("<II", crc, self.length & 0xFFFFFFFF))
        return b"".join(pieces)


class BitWriter:
    """Deflate's bit order: values least significant bit first, Huffman
    codes most significant bit first."""

    def __init__(self):
        self.value = 0
        self.count = 0

    def bits(self, value: int, count: int) -> None:
        self.value |= value << self.count
        self.count += count

    def code(self, code: int, length: int) -> None:
        self.bits(int(format(code, f"0{length}b")[::-1], 2), length)

    def to_bytes(self) -> bytes:
        return self.value.to_bytes((self.count + 7) // 8, "little")


def fixed_literal_length_code(symbol: int) -> tuple[int, int]:
    """RFC 1951, 3.2.6: the fixed Huffman code of a literal/length symbol."""
    if symbol < 144:
        return 0x30 + symbol, 8
    if symbol < 256:
        return 0x190 + symbol - 144, 9
    if symbol < 280:
        return symbol - 256, 7
    return 0xC0 + symbol - 280, 8


def copy_block(length: int, distance: int) -> bytes:
    """A fixed-Huffman block copying `length` bytes from `distance` back,
    then an empty stored block to come back to a byte boundary."""
    writer = BitWriter()
    writer.bits(0, 1)  # not the final block
    writer.bits(1, 2)  # fixed Huffman codes
    left = length
    while left:
        take = min(left, MAX_MATCH)
        if 0 < left - take < MIN_MATCH:
            take -= MIN_MATCH  # leave a remainder a match can still copy
        index = bisect.bisect_right(LENGTH_BASES, take) - 1
        writer.code(*fixed_literal_length_code(257 + index))
        writer.bits(take - LENGTH_BASES[index], LENGTH_EXTRA[index])
        index = bisect.bisect_right(DISTANCE_BASES, distance) - 1
        writer.code(index, 5)
        writer.bits(distance - DISTANCE_BASES[index], DISTANCE_EXTRA[index])
        left -= take
    writer.code(*fixed_literal_length_code(END_OF_BLOCK))
    writer.bits(0, 3)  # an empty stored block, not final...
    writer.count += -writer.count % 8  # ...padded to a byte...
    writer.bits(0xFFFF0000, 32)  # ...with LEN 0 and NLEN ~0
    return writer.to_bytes()
