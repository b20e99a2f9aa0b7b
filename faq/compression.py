"""Gzip for pages, at a level chosen for a page served hundreds of times a second, and
for cached pages, compressed once and sent with each response's own values."""

import gzip
import re
import secrets
import struct
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

_ACCEPTS_GZIP = re.compile(r"\bgzip\b")

# Level 1 took 0.07 ms for the 44 KB article page where Django's level 6 took
# 0.26 ms, for 7.4 KB on the wire instead of 6.5 KB (benchmarks/RESULTS.md).
LEVEL = 1


# Django's GZipMiddleware pads with a file name of up to this many bytes.
MAX_RANDOM_BYTES = 100


def _padded_header(max_random_bytes: int) -> bytes:
    """A gzip header naming a file of random length, as Django pads against BREACH."""
    name = b"a" * secrets.randbelow(max_random_bytes) + b"\x00"
    return b"\x1f\x8b\x08" + bytes([gzip.FNAME]) + b"\x00\x00\x00\x00\x00\xff" + name


def padded_gzip(data: bytes, *, level: int, max_random_bytes: int) -> bytes:
    """Gzip with a file name of random length in its header, as Django pads against BREACH."""
    compressed = gzip.compress(data, compresslevel=level, mtime=0)
    return _padded_header(max_random_bytes) + compressed[10:]


@dataclass(frozen=True)
class Deflated:
    """A text with slots for each response's values, deflated once for values of given
    lengths (see deflate).

    `parts` holds deflate blocks made in advance (bytes) and, where a value
    goes, the slot's name, its value's length, and the blocks that copy it from
    where it went before (empty when it is new, and sent as it is). `plain`
    holds the text between the slots uncompressed, for the checksum the gzip
    trailer carries."""

    parts: tuple[bytes | tuple[str, int, bytes], ...]
    plain: tuple[bytes, ...]

    def text(self, values: Mapping[str, str]) -> bytes:
        """The text uncompressed, its slots filled in."""
        texts = iter(self.plain)
        return b"".join(
            next(texts) if isinstance(part, bytes) else values[part[0]].encode()
            for part in self.parts
        )


class _Bits:
    """Bits written the way deflate packs them: each field from its lowest bit."""

    def __init__(self) -> None:
        self.value, self.count = 0, 0

    def put(self, value: int, count: int) -> None:
        self.value |= value << self.count
        self.count += count

    def put_code(self, code: int, count: int) -> None:
        """A Huffman code, which deflate packs from its highest bit."""
        self.put(int(f"{code:0{count}b}"[::-1], 2), count)

    def bytes(self) -> bytes:
        return self.value.to_bytes((self.count + 7) // 8, "little")


# Deflate's length and distance codes (RFC 1951, 3.2.5): each code's first value
# and how many extra bits follow it.
_LENGTHS = [
    (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (8, 0), (9, 0), (10, 0),
    (11, 1), (13, 1), (15, 1), (17, 1), (19, 2), (23, 2), (27, 2), (31, 2),
    (35, 3), (43, 3), (51, 3), (59, 3), (67, 4), (83, 4), (99, 4), (115, 4),
    (131, 5), (163, 5), (195, 5), (227, 5), (258, 0),
]  # fmt: skip
_DISTANCES = [
    (1, 0), (2, 0), (3, 0), (4, 0), (5, 1), (7, 1), (9, 2), (13, 2),
    (17, 3), (25, 3), (33, 4), (49, 4), (65, 5), (97, 5), (129, 6), (193, 6),
    (257, 7), (385, 7), (513, 8), (769, 8), (1025, 9), (1537, 9), (2049, 10), (3073, 10),
    (4097, 11), (6145, 11), (8193, 12), (12289, 12), (16385, 13), (24577, 13),
]  # fmt: skip


def _code(table: list[tuple[int, int]], value: int) -> tuple[int, int, int]:
    """The code of a length or distance, with its extra bits and their count."""
    for code in range(len(table) - 1, -1, -1):
        base, extra = table[code]
        if value >= base:
            return code, value - base, extra
    raise ValueError(value)


def _copy_block(length: int, distance: int) -> bytes:
    """A deflate block that copies `length` bytes from `distance` back, then aligned to
    a byte, as a sync flush leaves it: a fixed-Huffman block and an empty stored one."""
    bits = _Bits()
    bits.put(0b010, 3)  # not the last block; fixed Huffman codes
    code, extra, extra_bits = _code(_LENGTHS, length)
    symbol = 257 + code
    # Fixed codes: symbols 256 to 279 take 7 bits from 0; 280 to 287, 8 bits from 192.
    if symbol <= 279:
        bits.put_code(symbol - 256, 7)
    else:
        bits.put_code(0b11000000 + symbol - 280, 8)
    bits.put(extra, extra_bits)
    code, extra, extra_bits = _code(_DISTANCES, distance)
    bits.put_code(code, 5)
    bits.put(extra, extra_bits)
    bits.put_code(0, 7)  # end of block
    bits.put(0b000, 3)  # an empty stored block, to the next byte
    bits.count = (bits.count + 7) // 8 * 8
    return bits.bytes() + b"\x00\x00\xff\xff"


# The furthest back deflate may copy from, and the most bytes one copy may take.
_WINDOW, _LONGEST = 32768, 258


def deflate(pieces: Sequence[str | bytes], *, lengths: Mapping[str, int]) -> Deflated:
    """Deflate text and slots, alternating (text, slot name, text, ...), for values of
    the lengths given (by slot name); gzip_of fills them in.

    The text is one stream, each part able to point back into the parts before
    it. In each slot's place the compressor is given as many NUL bytes as its
    value will have: no text holds a NUL, so nothing after points into them,
    and the blocks made of them give way to the value's own. A slot whose
    value went out before, near enough, copies it from there (every CSRF token
    in a page is the same); a new value goes out as it is."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    parts: list[bytes | tuple[str, int, bytes]] = []
    plain: list[bytes] = []
    position = 0
    last_seen: dict[str, int] = {}
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            data = piece if isinstance(piece, bytes) else piece.encode()
            if b"\x00" in data:
                raise ValueError("Text to deflate holds a NUL byte.")
            parts.append(compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH))
            plain.append(data)
            position += len(data)
            continue
        if not isinstance(piece, str):
            raise TypeError(f"Slot names are text; piece {i} is bytes.")
        length = lengths[piece]
        compressor.compress(b"\x00" * length)
        compressor.flush(zlib.Z_SYNC_FLUSH)
        before = last_seen.get(piece)
        copy = b""
        if before is not None and position - before <= _WINDOW and 3 <= length <= _LONGEST:
            copy = _copy_block(length, position - before)
        parts.append((piece, length, copy))
        last_seen[piece] = position
        position += length
    return Deflated(parts=tuple(parts), plain=tuple(plain))


def _stored(data: bytes) -> bytes:
    """Data as deflate's stored (uncompressed) blocks, of at most 65,535 bytes each."""
    blocks = []
    for start in range(0, len(data), 0xFFFF):
        chunk = data[start : start + 0xFFFF]
        blocks.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(blocks)


def gzip_of(
    fragments: Iterable[Deflated],
    values: Mapping[str, str],
    *,
    max_random_bytes: int = MAX_RANDOM_BYTES,
) -> bytes:
    """The gzip of the fragments one after the other, with their slots filled in: a
    padded header, the blocks deflated before, each new value stored as it is, a
    last empty block and the trailer. Raises ValueError for a value of another
    length than its fragment was deflated for."""
    out = [_padded_header(max_random_bytes)]
    crc, size = 0, 0
    for fragment in fragments:
        texts = iter(fragment.plain)
        for part in fragment.parts:
            if isinstance(part, bytes):
                data = next(texts)
                out.append(part)
            else:
                name, length, copy = part
                data = values[name].encode()
                if len(data) != length:
                    raise ValueError(f"{name} was deflated for {length} bytes, not {len(data)}.")
                out.append(copy or _stored(data))
            crc = zlib.crc32(data, crc)
            size += len(data)
    # The last block: stored, final, empty.
    out.append(b"\x01\x00\x00\xff\xff")
    out.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(out)


def accepts_gzip(request) -> bool:
    return bool(_ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


class FastGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, random padding and all, compressing pages at LEVEL."""

    def process_response(self, request, response):
        if response.streaming:
            return super().process_response(request, response)
        if len(response.content) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not accepts_gzip(request):
            return response
        compressed = padded_gzip(
            response.content, level=LEVEL, max_random_bytes=self.max_random_bytes
        )
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        # A strong ETag names the bytes before compression (RFC 9110 8.8.1).
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response
