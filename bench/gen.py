#!/usr/bin/env python3
"""Deterministic benchmark datasets for bench/run.sh.

  gen.py many  DEST NFILES NDIRS MIN_BYTES MAX_BYTES SEED   # D1: many small files
  gen.py large DEST NFILES BYTES SEED                       # D2: a few large files
  gen.py flat  DEST NFILES MIN_BYTES MAX_BYTES SEED         # D3: many tiny files, one directory

Content depends only on the arguments (random.Random(SEED)). Small files are slices of one
64 MiB pseudo-random buffer at pseudo-random offsets, each prefixed by its own index so that no
two files are equal (the cache then holds exactly one object per file). Large files are
8 MiB blocks, each a window of the same buffer (wrapping around) at a pseudo-random offset after
a block header, so that every file (and every block) is distinct.
Flat files (D3) all sit in DEST itself; each is its index line followed by a slice of the buffer,
cut to a size drawn uniformly from MIN_BYTES..MAX_BYTES, so files shorter than the index line can
be equal (a few thousand of them: 0-byte files, and the shortest prefixes).
DEST must not exist; the tree is written into DEST.tmp and renamed at the end, so an interrupted
run never leaves a half-written dataset that looks complete.
"""
import os
import random
import shutil
import sys

POOL = 64 * 1024 * 1024


def many(dest, nfiles, ndirs, lo, hi, seed):
    rng = random.Random(seed)
    pool = rng.randbytes(POOL)
    tmp = dest + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    per_dir = -(-nfiles // ndirs)
    total = 0
    for i in range(nfiles):
        d = os.path.join(tmp, "d%03d" % (i // per_dir))
        if i % per_dir == 0:
            os.makedirs(d)
        size = rng.randint(lo, hi)
        head = b"cairn-bench %08d\n" % i
        off = rng.randrange(0, POOL - size)
        body = pool[off:off + size - len(head)]
        fd = os.open(os.path.join(d, "f%06d.bin" % i), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, head + body)
        finally:
            os.close(fd)
        total += size
    os.rename(tmp, dest)
    print("%s: %d files in %d dirs, %.1f MB" % (dest, nfiles, ndirs, total / 1e6))


def large(dest, nfiles, size, seed):
    rng = random.Random(seed)
    pool = rng.randbytes(POOL)
    view = memoryview(pool)
    block = 8 * 1024 * 1024
    tmp = dest + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    for i in range(nfiles):
        with open(os.path.join(tmp, "big%02d.bin" % i), "wb", buffering=0) as f:
            left, b = size, 0
            while left > 0:
                n = min(block, left)
                head = b"cairn-bench file %04d block %08d\n" % (i, b)
                rot = rng.randrange(0, POOL)
                need = n - len(head)
                f.write(head)
                f.write(view[rot:rot + need])
                if rot + need > POOL:
                    f.write(view[:rot + need - POOL])
                left -= n
                b += 1
    os.rename(tmp, dest)
    print("%s: %d files of %d bytes" % (dest, nfiles, size))


def flat(dest, nfiles, lo, hi, seed):
    rng = random.Random(seed)
    pool = rng.randbytes(POOL)
    tmp = dest + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    total = 0
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    for i in range(nfiles):
        size = rng.randint(lo, hi)
        off = rng.randrange(0, POOL - hi)
        data = (b"%07d\n" % i + pool[off:off + size])[:size]
        fd = os.open(os.path.join(tmp, "f%07d" % i), flags, 0o644)
        try:
            if data:
                os.write(fd, data)
        finally:
            os.close(fd)
        total += size
    os.rename(tmp, dest)
    print("%s: %d files in one directory, %.1f MB" % (dest, nfiles, total / 1e6))


def main(argv):
    if len(argv) >= 2 and argv[1] == "many" and len(argv) == 8:
        many(argv[2], *map(int, argv[3:8]))
    elif len(argv) >= 2 and argv[1] == "large" and len(argv) == 6:
        large(argv[2], *map(int, argv[3:6]))
    elif len(argv) >= 2 and argv[1] == "flat" and len(argv) == 7:
        flat(argv[2], *map(int, argv[3:7]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
