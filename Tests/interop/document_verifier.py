"""An offline verifier of DanCu's sealed documents that shares no code with DanCu: joserfc checks the
JWS (RFC 7515, ES256), cryptography checks that the key's certificate was issued by the CSCA, and
zxing-cpp reads the QR code from a picture.

The verifier is given, once, the CSCA certificate it trusts and the published signers
(`/documents/signers`); after that it reads documents with no network.
"""
import base64
import io
import json

import zxingcpp
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from joserfc import jws
from joserfc.jwk import KeySet
from PIL import Image


def trusted_signers(signers_json, csca_der):
    """The signers whose certificate chain ends at the given CSCA, as a joserfc key set."""
    csca = x509.load_der_x509_certificate(csca_der)
    kept = []
    for key in signers_json["keys"]:
        leaf = x509.load_der_x509_certificate(base64.b64decode(key["x5c"][0]))
        if leaf.issuer != csca.subject:
            continue
        csca.public_key().verify(leaf.signature, leaf.tbs_certificate_bytes, ec.ECDSA(leaf.signature_hash_algorithm))
        numbers = leaf.public_key().public_numbers()
        def b64(n):
            return base64.urlsafe_b64encode(n.to_bytes(32, "big")).rstrip(b"=").decode()
        if (b64(numbers.x), b64(numbers.y)) != (key["x"], key["y"]):
            raise ValueError("the published key is not its certificate's")
        kept.append({k: key[k] for k in ("kty", "crv", "x", "y", "kid")})
    if not kept:
        raise ValueError("no published signer chains to the CSCA")
    return KeySet.import_key_set({"keys": kept})


def verify(compact, keys):
    """The document's payload, once its signature verifies with the key its header names."""
    token = jws.deserialize_compact(compact, keys, algorithms=["ES256"])
    if token.headers().get("typ") != "dancu-document+jws":
        raise ValueError("not a DanCu document: typ " + str(token.headers().get("typ")))
    return json.loads(token.payload)


def read_qr(png_bytes):
    """The text of the one QR code in a picture (a screenshot of the page)."""
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png_bytes)), formats=zxingcpp.BarcodeFormat.QRCode)
    if len(found) != 1:
        raise ValueError(f"found {len(found)} QR codes in the picture")
    return found[0].text
