"""How the dashboard's process keeps the memory it frees (glibc's malloc).

A page run builds many arrays of a few megabytes (the comparison's 2,000 x 500 resample
counts are 8 MB each, several per page) and frees them at once. By default glibc serves
such a block with a fresh mmap and unmaps it when freed, and trims the heap's free top
back to the system past 128 kB: the next run's arrays fault their pages in again, zeroed
by the kernel, about 1 ms per 4 MB touched. On the Micro vs macro page that was half the
time of the bootstrap's random draws (10.5 -> 5 ms each, six a run). Raising both
thresholds keeps those blocks in the heap for the next run.

Bounded: blocks over MMAP_THRESHOLD still come from mmap, and past TRIM_THRESHOLD of free
memory at a heap's top the heap is trimmed as before, so a server holds at most that much
more per arena. DuckDB has its own allocator and limit (db.SERVER_MEMORY_LIMIT).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

MMAP_THRESHOLD = 32 << 20  # blocks up to 32 MB from the heap (glibc's largest)
TRIM_THRESHOLD = 128 << 20  # free memory a heap's top keeps before it is trimmed

# mallopt's parameter numbers (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


@functools.cache
def keep_freed_memory() -> bool:
    """Set the process's malloc thresholds once; False where there is no glibc (macOS,
    musl, Windows: their allocators are left as they are)."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
