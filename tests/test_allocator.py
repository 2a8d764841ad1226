"""allocator.keep_freed_memory: a page run's multi-megabyte arrays come from the heap
(kept for the next run) instead of a fresh mmap each. Checked in a new process each
time, by glibc's own account of its mmapped bytes (mallinfo2)."""

from __future__ import annotations

import ctypes
import ctypes.util
import subprocess
import sys
from pathlib import Path

import pytest

_PROBE = """
import ctypes, sys
import numpy as np
from campaign_roi import allocator

class Info(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
        "uordblks", "fordblks", "keepcost")]

libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Info
kept = allocator.keep_freed_memory() if sys.argv[1] == "keep" else None
before = libc.mallinfo2().hblkhd
counts = np.ones((2000, 500))  # the bootstrap's resample counts: 8 MB
print(kept, libc.mallinfo2().hblkhd - before)
"""


def _glibc_with_mallinfo2() -> bool:
    name = ctypes.util.find_library("c")
    return bool(name) and hasattr(ctypes.CDLL(name), "mallinfo2")


def _probe(mode: str) -> tuple[str, int]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, mode],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[1],
    ).stdout.split()
    return out[0], int(out[1])


@pytest.mark.skipif(not _glibc_with_mallinfo2(), reason="glibc's malloc only")
def test_an_8_mb_array_comes_from_the_heap_once_set():
    kept, mapped = _probe("keep")
    assert kept == "True"
    assert mapped < 1 << 20  # not mmapped: from the heap, reused after it is freed


@pytest.mark.skipif(not _glibc_with_mallinfo2(), reason="glibc's malloc only")
def test_without_it_the_same_array_is_mmapped():
    kept, mapped = _probe("default")
    assert kept == "None"
    assert mapped >= 8_000_000  # glibc's default: a fresh mapping, faulted in on use
