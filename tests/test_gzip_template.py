"""gzip made once for a page, with a slot filled per request."""

import gzip
import random
import zlib

import pytest

from spasm.gzip_template import GzipTemplate, copy_block

SLOT = b"ImFiYzEyMyI.awH1Gg.kz86QVWu5fDU1-mWcNpPBTS8prs"


def gunzip_strictly(data: bytes) -> bytes:
    """Decode as a browser's zlib does, and insist the stream ends exactly."""
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    body = decoder.decompress(data)
    assert decoder.eof and decoder.unused_data == b""
    return body


def page_text(rng: random.Random, size: int) -> bytes:
    words = [b"<form", b' method="post"', b"<input", b' type="hidden"', b"Start relief", b"\n  ", b"</div>", b"heat"]
    return b"".join(rng.choice(words) for _ in range(size))


@pytest.mark.parametrize(
    "parts",
    [
        [b"<meta content=\"", b"\">"],
        [b"", b"<p>after</p>"],
        [b"<p>before</p>", b""],
        [b"a", b"", b"", b"z"],  # slots side by side
        [b"only text, no slot"],
    ],
)
def test_the_slot_lands_wherever_it_is(parts):
    template = GzipTemplate(parts, len(SLOT))
    assert gunzip_strictly(template.render(SLOT)) == SLOT.join(parts)


def test_any_page_and_any_slot_round_trip():
    rng = random.Random(7)
    for _ in range(300):
        parts = [page_text(rng, rng.choice([0, 1, 5, 200, 3000])) for _ in range(rng.randint(1, 7))]
        length = rng.choice([3, 4, 91, 257, 258, 259, 260, 261, 700])
        template = GzipTemplate(parts, length)
        for _ in range(2):
            slot = bytes(rng.randint(1, 255) for _ in range(length))
            assert gzip.decompress(template.render(slot)) == slot.join(parts)


def test_a_slot_repeated_far_apart_is_written_out_again():
    far = b"x" * 40_000  # beyond deflate's 32 KiB window
    template = GzipTemplate([b"<a>", far, b"<b>"], len(SLOT))
    assert template.copies[0] is None and template.copies[1] is None
    assert gunzip_strictly(template.render(SLOT)) == SLOT.join([b"<a>", far, b"<b>"])


def test_repeats_cost_a_few_bytes_like_one_stream():
    rng = random.Random(3)
    parts = [page_text(rng, 150) for _ in range(8)]
    made = GzipTemplate(parts, len(SLOT)).render(SLOT)
    whole = gzip.compress(SLOT.join(parts), compresslevel=9)
    # The slot written once, and a little per part for its block's code tables;
    # far less than writing the slot out at each of its 7 places.
    assert len(made) <= len(whole) + len(SLOT) + 16 * len(parts)
    assert len(made) < len(whole) + 7 * len(SLOT)


def test_a_copy_block_is_byte_aligned_and_decodes_alone():
    # "abc" then a copy of 258 + 3 bytes from 3 back, then the end of the stream.
    stream = b"\x00\x03\x00\xfc\xffabc" + copy_block(261, 3) + b"\x03\x00"
    assert zlib.decompress(stream, -15) == b"abc" * 88


def test_the_slot_length_is_fixed_by_the_template():
    template = GzipTemplate([b"a", b"b"], len(SLOT))
    with pytest.raises(ValueError):
        template.render(SLOT + b"x")


@pytest.mark.parametrize(
    "parts, length",
    [([b"nul \x00 inside", b"x"], 10), ([], 10), ([b"a", b"b"], 2), ([b"a", b"b"], 70_000)],
)
def test_what_it_cannot_do_is_refused(parts, length):
    with pytest.raises(ValueError):
        GzipTemplate(parts, length)
