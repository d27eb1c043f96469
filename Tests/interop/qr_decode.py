"""Reads DanCu's QR codes with an independent decoder (zxing-cpp, from PyPI) and checks that each one
gives back exactly the bytes drawn.

Usage: qr_decode.py DANCU_BINARY WORK_DIR

For each error-correction level the texts grow from one byte to the largest the level holds, by steps
small enough that every version from 1 to 40 is drawn; the versions and masks seen are counted.
"""
import random
import re
import subprocess
import sys
from pathlib import Path

import zxingcpp
from PIL import Image

# The byte-mode capacity of version 40 at each level (ISO/IEC 18004 Table 7).
LARGEST = {"L": 2953, "M": 2331, "Q": 1663, "H": 1273}
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~ ạăâđêôơưỹ"


def lengths(largest):
    n, out = 1, []
    while n <= largest:
        out.append(n)
        n += max(1, n // 25)
    if out[-1] != largest:
        out.append(largest)
    return out


def texts_of(level, rng):
    texts = []
    for n in lengths(LARGEST[level]):
        text = "".join(rng.choice(ALPHABET) for _ in range(n))
        # Trim to n bytes on a character boundary, the Vietnamese letters being two or three bytes.
        while len(text.encode()) > n:
            text = text[:-1]
        texts.append(text or "A")
    return texts


def main():
    binary, work = sys.argv[1], Path(sys.argv[2])
    rng = random.Random(20261204)
    failures, total = [], 0
    for level in "LMQH":
        texts = texts_of(level, rng)
        out = work / level
        out.mkdir(parents=True, exist_ok=True)
        drawn = subprocess.run(
            [binary, "documents", "qr", "-", "--each-line", "--correction", level, "--scale", "2", "--out", str(out)],
            input="\n".join(texts).encode(), capture_output=True, check=True).stdout.decode()
        versions = {int(v) for v in re.findall(r"version (\d+),", drawn)}
        masks = {int(m) for m in re.findall(r"mask (\d),", drawn)}
        for i, text in enumerate(texts):
            total += 1
            found = zxingcpp.read_barcodes(Image.open(out / f"{i + 1}.png"), formats=zxingcpp.BarcodeFormat.QRCode)
            if len(found) != 1 or found[0].bytes != text.encode():
                failures.append(f"{level} {len(text.encode())} bytes: read {[f.bytes[:20] for f in found]}")
        missing = sorted(set(range(1, 41)) - versions)
        print(f"level {level}: {len(texts)} codes, versions {min(versions)}–{max(versions)}, masks {sorted(masks)}")
        if missing:
            failures.append(f"level {level}: versions never drawn: {missing}")
    for failure in failures[:20]:
        print("FAILED:", failure)
    print(f"{total - len([f for f in failures if 'bytes' in f])} read back exactly of {total}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
