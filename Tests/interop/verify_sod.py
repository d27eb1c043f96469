#!/usr/bin/env python3
"""An independent check of a card's chip files written by DanCu, with asn1crypto and cryptography.

Usage: verify_sod.py DIR   (DIR holds EF.SOD, CSCA.cer and DG<n>.bin for each data group)

It parses EF.SOD, checks that the Document Signer certificate was issued by the CSCA and was valid when
the SOD was signed, checks the signature over the signed attributes and the message digest, compares
every data-group hash, and reads DG1's MRZ with its check digits. Exit 0 when all pass.
"""
import hashlib
import os
import sys

from asn1crypto import algos, cms, core
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec


class DataGroupHash(core.Sequence):
    _fields = [("number", core.Integer), ("hash", core.OctetString)]


class DataGroupHashes(core.SequenceOf):
    _child_spec = DataGroupHash


class LDSSecurityObject(core.Sequence):
    _fields = [("version", core.Integer), ("hash_algorithm", algos.DigestAlgorithm), ("hashes", DataGroupHashes)]


def check_digit(text):
    weights = (7, 3, 1)
    total = 0
    for i, c in enumerate(text):
        value = int(c) if c.isdigit() else 0 if c == "<" else ord(c) - 55
        total += value * weights[i % 3]
    return str(total % 10)


def tlv(data, offset=0):
    """One BER-TLV at offset: (tag, value, next offset)."""
    tag = data[offset]
    offset += 1
    if tag & 0x1F == 0x1F:
        while True:
            tag = tag << 8 | data[offset]
            offset += 1
            if data[offset - 1] & 0x80 == 0:
                break
    length = data[offset]
    offset += 1
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[offset:offset + count], "big")
        offset += count
    return tag, data[offset:offset + length], offset + length


def check_mrz(dg1):
    tag, value, _ = tlv(dg1)
    assert tag == 0x61, f"DG1 tag {tag:x}"
    tag, mrz, _ = tlv(value)
    assert tag == 0x5F1F, f"MRZ tag {tag:x}"
    mrz = mrz.decode("ascii")
    assert len(mrz) == 90, f"MRZ length {len(mrz)}"
    l1, l2 = mrz[:30], mrz[30:60]
    assert l1[:5] == "IDVNM", l1
    assert check_digit(l1[5:14]) == l1[14], "document number check digit"
    assert check_digit(l1[15:27]) == l1[29], "personal number check digit"
    assert check_digit(l2[0:6]) == l2[6], "birth date check digit"
    assert check_digit(l2[8:14]) == l2[14], "expiry check digit"
    composite = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
    assert check_digit(composite) == l2[29], "composite check digit"
    return l1[15:27]


def main(directory):
    read = lambda name: open(os.path.join(directory, name), "rb").read()
    sod = read("EF.SOD")
    outer = core.Asn1Value.load(sod)
    assert outer.class_ == 1 and outer.tag == 23, "EF.SOD is not [APPLICATION 23]"
    content_info = cms.ContentInfo.load(outer.contents)
    assert content_info["content_type"].native == "signed_data"
    signed = content_info["content"]
    encap = signed["encap_content_info"]
    assert encap["content_type"].dotted == "2.23.136.1.1.1", encap["content_type"].dotted
    lds_bytes = encap["content"].contents
    lds = LDSSecurityObject.load(lds_bytes)
    assert lds["hash_algorithm"]["algorithm"].native == "sha256"

    checked = []
    for item in lds["hashes"]:
        number = item["number"].native
        actual = hashlib.sha256(read(f"DG{number}.bin")).digest()
        assert actual == item["hash"].native, f"DG{number} hash differs"
        checked.append(number)

    ds_der = signed["certificates"][0].chosen.dump()
    ds = x509.load_der_x509_certificate(ds_der)
    csca = x509.load_der_x509_certificate(read("CSCA.cer"))
    assert ds.issuer == csca.subject, "the DS was not issued by this CSCA"
    csca.public_key().verify(ds.signature, ds.tbs_certificate_bytes, ec.ECDSA(ds.signature_hash_algorithm))

    signer = signed["signer_infos"][0]
    attributes = {a["type"].native: a["values"][0] for a in signer["signed_attrs"]}
    assert attributes["message_digest"].native == hashlib.sha256(lds_bytes).digest(), "message digest"
    assert attributes["content_type"].dotted == "2.23.136.1.1.1"
    signed_at = attributes["signing_time"].native
    assert ds.not_valid_before_utc <= signed_at <= ds.not_valid_after_utc, "signed outside the DS validity"
    to_sign = signer["signed_attrs"].untag().dump()
    ds.public_key().verify(signer["signature"].native, to_sign, ec.ECDSA(hashes.SHA256()))

    number = check_mrz(read("DG1.bin"))
    print(f"OK: chain CSCA -> DS, signature, message digest, hashes of DG{', DG'.join(map(str, checked))}, MRZ of {number}")


if __name__ == "__main__":
    main(sys.argv[1])
