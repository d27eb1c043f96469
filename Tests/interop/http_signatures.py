"""RFC 9421 message signatures and RFC 9530 digests, as a member system's own library makes and checks
them: http-message-signatures and cryptography from PyPI, sharing no code with DanCu.

    http_signatures.py sign ALG        prints a signed request (and the public key) as JSON
    http_signatures.py verify FILE     verifies the message in FILE (JSON, as DanCu signs it); exit 1 if not

ALG is ed25519 or ecdsa-p256-sha256."""
import base64
import json
import sys

import requests
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives import serialization
from http_message_signatures import HTTPMessageSigner, HTTPMessageVerifier, algorithms
from http_message_signatures.resolvers import MappingKeyResolver

ALGORITHMS = {"ed25519": algorithms.ED25519, "ecdsa-p256-sha256": algorithms.ECDSA_P256_SHA256}
COVERED = ("@method", "@target-uri", "content-digest", "dancu-purpose", "dancu-legal-basis")


def raw_public(key):
    if isinstance(key, ed25519.Ed25519PublicKey):
        return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def sign(alg):
    private = ed25519.Ed25519PrivateKey.generate() if alg == "ed25519" else ec.generate_private_key(ec.SECP256R1())
    body = json.dumps({"personalNumber": "001080000201", "fullName": "Nguyen Van An"}).encode()
    request = requests.Request("POST", "https://dancu.example/x/v1/verify?trace=1", data=body, headers={
        "Content-Type": "application/json", "DanCu-Purpose": "identity-verification",
        "DanCu-Legal-Basis": "26/2023/QH15 art. 10"}).prepare()
    signer = HTTPMessageSigner(signature_algorithm=ALGORITHMS[alg],
                               key_resolver=MappingKeyResolver(public_keys={}, private_keys={"member-key-1": private}))
    signer.sign(request, key_id="member-key-1", nonce="n-" + base64.urlsafe_b64encode(b"0123456789ab").decode(), label="sig1",
                covered_component_ids=COVERED, body=body)
    print(json.dumps({"publicKey": base64.b64encode(raw_public(private.public_key())).decode(), "method": request.method,
                      "url": request.url, "headers": [[k, v] for k, v in request.headers.items()],
                      "body": base64.b64encode(body).decode()}))


class Message:
    def __init__(self, method, url, headers):
        self.method, self.url, self.headers = method, url, dict(headers)


def verify(path):
    given = json.load(open(path))
    raw = base64.b64decode(given["publicKey"])
    alg = given["algorithm"]
    public = ed25519.Ed25519PublicKey.from_public_bytes(raw) if alg == "ed25519" else \
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    message = Message(given["method"], given["url"], given["headers"])
    verifier = HTTPMessageVerifier(signature_algorithm=ALGORITHMS[alg],
                                   key_resolver=MappingKeyResolver(public_keys={given["keyId"]: public}, private_keys={}))
    try:
        results = verifier.verify(message, require_components=COVERED, body=base64.b64decode(given["body"]))
    except Exception as error:  # the library's refusal, whatever its class
        print("REFUSED:", type(error).__name__, error)
        sys.exit(1)
    print("OK: %s signature by %s over %s" % (alg, given["keyId"], ", ".join(str(c) for c in results[0].covered_components)))


if __name__ == "__main__":
    if sys.argv[1] == "sign":
        sign(sys.argv[2])
    else:
        verify(sys.argv[2])
