#!/usr/bin/env python3
"""An independent verifier of DanCu's transparency log (issue 16), written from the specifications alone:
C2SP signed-note, tlog-checkpoint and tlog-tiles, and RFC 9162's tree hashing and proof verification. It
uses only `cryptography` and the standard library, and shares no code with DanCu.

    transparency_verifier.py URL STATE_FILE [NUMBERS_FILE]

Downloads the verifier key and the newest checkpoint from URL/transparency, checks the signed note,
downloads every tile and entry bundle the checkpoint covers, recomputes every leaf hash and the root,
checks the tiles above level 0, verifies the server's inclusion and consistency proofs, checks consistency
with the checkpoint STATE_FILE kept from the last run (then stores the new one there), and checks that no
public entry holds a personal number: no 12-digit run in any text and none of the numbers NUMBERS_FILE
lists (one per line; the first 12 characters of each line). Exit 1 at the first step that fails."""
import base64
import hashlib
import json
import os
import random
import re
import sys
import urllib.request

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def fail(message):
    print(f"FAILED: {message}", flush=True)
    sys.exit(1)


def step(message):
    print(f"ok: {message}", flush=True)


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


# RFC 9162 §2.1.1
def leaf_hash(entry):
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def mth(hashes):
    """The Merkle tree hash of a list of leaf hashes, split at the largest power of two below n."""
    n = len(hashes)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashes[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(mth(hashes[:k]), mth(hashes[k:]))


# RFC 9162 §2.1.3.2
def verify_inclusion(leaf, index, size, proof, root):
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


# RFC 9162 §2.1.4.2
def verify_consistency(first, second, first_root, second_root, proof):
    if first > second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


# C2SP tlog-tiles: N in zero-padded groups of three digits, all but the last prefixed with x.
def tile_index(n):
    groups = []
    while True:
        groups.insert(0, f"{n % 1000:03d}")
        n //= 1000
        if n == 0:
            break
    return "/".join(["x" + g for g in groups[:-1]] + [groups[-1]])


def tile_path(level, n, width):
    return f"tile/{level}/{tile_index(n)}" + ("" if width == 256 else f".p/{width}")


def split_bundle(data):
    entries, at = [], 0
    while at < len(data):
        if at + 2 > len(data):
            fail("an entry bundle ends inside a length")
        length = int.from_bytes(data[at:at + 2], "big")
        if at + 2 + length > len(data):
            fail("an entry bundle ends inside an entry")
        entries.append(data[at + 2:at + 2 + length])
        at += 2 + length
    return entries


def parse_vkey(text):
    name, key_id, material = text.strip().split("+", 2)  # the base64 may hold a "+" too
    material = base64.b64decode(material)
    if material[0] != 0x01 or len(material) != 33:
        fail("the vkey is not an Ed25519 signed-note key")
    expected = hashlib.sha256(name.encode() + b"\n" + material).digest()[:4]
    if expected.hex() != key_id:
        fail("the vkey's key ID is not SHA-256(name || 0x0A || 0x01 || key)[:4]")
    return name, expected, Ed25519PublicKey.from_public_bytes(material[1:])


def verify_note(note, name, key_id, key):
    if not note.endswith("\n") or "\n\n" not in note:
        fail("the checkpoint is not a signed note")
    cut = note.rindex("\n\n")
    text, lines = note[:cut + 1], note[cut + 2:].splitlines()
    signed = False
    for line in lines:
        if not line.startswith("\u2014 "):
            fail(f"not a signature line: {line!r}")
        signer, signature = line[2:].split(" ")
        signature = base64.b64decode(signature)
        if signer == name and signature[:4] == key_id:
            try:
                key.verify(signature[4:], text.encode())
            except InvalidSignature:
                fail("the log's signature of the checkpoint does not verify")
            signed = True
    if not signed:
        fail("the checkpoint carries no signature of the log's key")
    origin, size, root = text.split("\n")[:3]
    return text, origin, int(size), base64.b64decode(root), len(lines)


def main():
    if len(sys.argv) < 3:
        fail(__doc__)
    base, state_file = sys.argv[1].rstrip("/") + "/transparency", sys.argv[2]
    numbers = set()
    if len(sys.argv) > 3:
        with open(sys.argv[3]) as listed:
            numbers = {line.strip()[:12] for line in listed if line.strip()}

    name, key_id, key = parse_vkey(get(f"{base}/vkey")[2].decode())
    step(f"verifier key {name}+{key_id.hex()}")
    _, headers, body = get(f"{base}/checkpoint")
    text, origin, size, root, signatures = verify_note(body.decode(), name, key_id, key)
    if origin != name:
        fail(f"the checkpoint's origin {origin!r} is not the key's name {name!r}")
    step(f"checkpoint of {size} entries signed by the log ({signatures} signature lines), root {root.hex()[:16]}…")
    if size == 0:
        fail("the log is empty: nothing to verify")

    leaves, entries = [], []
    for tile in range((size + 255) // 256):
        width = min(256, size - tile * 256)
        status, headers, hashes = get(f"{base}/{tile_path(0, tile, width)}")
        if "immutable" not in headers.get("Cache-Control", ""):
            fail(f"tile 0/{tile} is not served as immutable")
        bundle = split_bundle(get(f"{base}/{tile_path('entries', tile, width)}")[2])
        if len(hashes) != 32 * width or len(bundle) != width:
            fail(f"tile {tile} holds {len(hashes) // 32} hashes and {len(bundle)} entries, not {width}")
        for i, entry in enumerate(bundle):
            if leaf_hash(entry) != hashes[32 * i:32 * i + 32]:
                fail(f"entry {tile * 256 + i} does not hash to its leaf in tile 0/{tile}")
        leaves += [hashes[32 * i:32 * i + 32] for i in range(width)]
        entries += bundle
    step(f"{size} entries downloaded in {len(range((size + 255) // 256))} bundles; each hashes to its leaf")
    if mth(leaves) != root:
        fail("the root recomputed from the entries is not the checkpoint's")
    step("the root recomputed from the entries is the checkpoint's")

    below, level = leaves, 1
    while len(below) >= 256:
        full = [mth(below[i:i + 256]) for i in range(0, len(below) - len(below) % 256, 256)]
        for tile in range((len(full) + 255) // 256):
            width = min(256, len(full) - tile * 256)
            served = get(f"{base}/{tile_path(level, tile, width)}")[2]
            if served != b"".join(full[tile * 256:tile * 256 + width]):
                fail(f"tile {level}/{tile} does not hold the hashes of the full tiles below it")
        step(f"level {level}: {len(full)} hashes of full tiles, as served")
        below, level = full, level + 1

    indices = list(range(size)) if size <= 500 else sorted(random.sample(range(size), 500))
    for index in indices:
        for tree in {size, index + 1}:
            proof = [base64.b64decode(h) for h in json.loads(get(f"{base}/proof/inclusion?index={index}&size={tree}")[2])["hashes"]]
            if not verify_inclusion(leaves[index], index, tree, proof, mth(leaves[:tree]) if tree != size else root):
                fail(f"the server's inclusion proof of {index} in {tree} does not verify")
    step(f"{len(indices)} inclusion proofs from the server verified")
    sizes = sorted({1, size} | set(random.sample(range(1, size + 1), min(size, 60))))
    for first in sizes:
        proof = [base64.b64decode(h) for h in json.loads(get(f"{base}/proof/consistency?from={first}&to={size}")[2])["hashes"]]
        if not verify_consistency(first, size, mth(leaves[:first]), root, proof):
            fail(f"the server's consistency proof from {first} to {size} does not verify")
    step(f"{len(sizes)} consistency proofs from the server verified")

    if os.path.exists(state_file):
        with open(state_file) as kept:
            last = json.load(kept)
        if last["origin"] != origin:
            fail(f"the state file is of another log ({last['origin']})")
        last_root = base64.b64decode(last["root"])
        if last["size"] > size:
            fail(f"the log shrank from {last['size']} to {size} entries")
        if mth(leaves[:last["size"]]) != last_root:
            fail(f"split view: the first {last['size']} entries no longer give the root seen last time")
        proof = [base64.b64decode(h) for h in json.loads(get(f"{base}/proof/consistency?from={last['size']}&to={size}")[2])["hashes"]]
        if not verify_consistency(last["size"], size, last_root, root, proof):
            fail(f"the log's proof from the checkpoint seen last ({last['size']}) to this one does not verify")
        step(f"consistent with the checkpoint seen last time ({last['size']} entries): the log only grew")
    with open(state_file, "w") as kept:
        json.dump({"origin": origin, "size": size, "root": base64.b64encode(root).decode()}, kept)

    kinds = {}
    for index, entry in enumerate(entries):
        value = json.loads(entry)
        if json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode() != entry:
            fail(f"entry {index} is not in canonical JSON (RFC 8785)")
        texts = [v for v in value.values() if isinstance(v, str)] + [f for f in value.get("fields", []) if isinstance(f, str)]
        if any(re.search(r"\d{12}", t) for t in texts):
            fail(f"entry {index} holds a run of 12 digits: {entry.decode()}")
        if any(number.encode() in entry for number in numbers):
            fail(f"entry {index} holds a personal number of the demo")
        if len(base64.b64decode(value["commitment"])) != 32:
            fail(f"entry {index} has no 32-byte commitment")
        kinds[value["log"]] = kinds.get(value["log"], 0) + 1
    step(f"no entry holds a personal number ({len(numbers)} demo numbers looked for); entries by log: {kinds}")
    print("PASSED: the transparency log verifies", flush=True)


if __name__ == "__main__":
    main()
