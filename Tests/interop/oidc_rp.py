"""A real relying party against a running `dancu serve`, written with Authlib and joserfc (PyPI).

Usage: oidc_rp.py BASE_URL DANCU_BINARY DATA_DIR

It registers itself with `dancu oidc client add` (private_key_jwt, an ES256 key it makes), then walks:
discovery, a pushed authorization request, the citizen's sign-in and consent pages (as a browser would,
with the demo citizen of DATA_DIR/demo-credentials.txt), the code exchange with PKCE and private_key_jwt,
the ID token's signature through the JWKS and its claims, UserInfo, refresh, revocation, introspection
DPoP-bound tokens and a replayed DPoP proof, and logout; and the refusals of a wrong PKCE verifier, a reused code and a foreign redirect URI.
Exit 0 when every step passes; each prints "OK: ...".
"""
import base64, hashlib, json, os, secrets, subprocess, sys, tempfile, time, urllib.parse, warnings

warnings.filterwarnings("ignore", message="Please use OctKey")  # Authlib's own call into its older key API

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT, private_key_jwt_sign
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jws, jwt
from joserfc.jwk import ECKey, KeySet

from checks import demo_citizen, expect, ok

base, dancu, data_dir = sys.argv[1], sys.argv[2], sys.argv[3]
REDIRECT = "http://127.0.0.1:9/callback"
CLIENT_ID = "interop-rp-" + secrets.token_hex(4)


# The relying party's key and its registration by an administrator.
key = ECKey.generate_key("P-256", parameters={"kid": "rp-key-1"})
public = key.as_dict(private=False)
public.update({"alg": "ES256", "use": "sig"})
with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    json.dump({"keys": [public]}, f)
    jwks_file = f.name
subprocess.run([dancu, "oidc", "client", "add", "--client-id", CLIENT_ID, "--name", "Interop RP (Authlib)", "--redirect-uri", REDIRECT,
                "--scopes", "openid profile birthdate offline_access", "--purpose", "public-service", "--legal-basis", "interop test",
                "--auth", "private_key_jwt", "--jwks", jwks_file, "--data-dir", data_dir,
                "--database", "sqlite:" + os.path.join(data_dir, "dancu.sqlite")], check=True, capture_output=True)
ok("registered " + CLIENT_ID + " with private_key_jwt")

config = requests.get(base + "/.well-known/openid-configuration").json()
expect(config["issuer"] == base and "S256" in config["code_challenge_methods_supported"]
       and "private_key_jwt" in config["token_endpoint_auth_methods_supported"], "discovery")
token_endpoint = config["token_endpoint"]
private_pem = key.as_pem(private=True)


def assertion():
    signed = private_key_jwt_sign(private_pem, CLIENT_ID, token_endpoint, alg="ES256", header={"kid": "rp-key-1"})
    return signed.decode() if isinstance(signed, bytes) else signed


citizen, password, _ = demo_citizen(data_dir)
expect(citizen is not None, "the demo citizen with a level-2 account is in demo-credentials.txt")


def authorize(redirect=REDIRECT, acr="urn:dancu:eid:level2"):
    """Push the request, then sign in and consent as the citizen's browser; answer (code, verifier, nonce)."""
    verifier, nonce, state = secrets.token_urlsafe(48), secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    pushed = requests.post(config["pushed_authorization_request_endpoint"], data={
        "response_type": "code", "client_id": CLIENT_ID, "redirect_uri": redirect, "scope": "openid profile birthdate offline_access",
        "state": state, "nonce": nonce, "code_challenge": create_s256_code_challenge(verifier), "code_challenge_method": "S256",
        "acr_values": acr, "purpose": "public-service",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion": assertion()})
    if pushed.status_code != 201:
        return pushed, None, None
    request_uri = pushed.json()["request_uri"]
    browser = requests.Session()
    page = browser.get(config["authorization_endpoint"], params={"client_id": CLIENT_ID, "request_uri": request_uri})
    assert page.status_code == 200 and "Interop RP" in page.text, page.text
    login_csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    consent = browser.post(base + "/oidc/login", data={"client_id": CLIENT_ID, "request_uri": request_uri, "csrf": login_csrf,
                                                       "username": citizen, "password": password})
    assert consent.status_code == 200, consent.text
    csrf = consent.text.split('name="csrf" value="')[1].split('"')[0]
    back = browser.post(base + "/oidc/consent", data={"client_id": CLIENT_ID, "request_uri": request_uri, "csrf": csrf, "decision": "approve"},
                        allow_redirects=False)
    assert back.status_code == 303, back.text
    query = urllib.parse.parse_qs(urllib.parse.urlparse(back.headers["Location"]).query)
    assert query["state"] == [state] and query["iss"] == [base], query
    return query["code"][0], verifier, nonce


code, verifier, nonce = authorize()
ok("pushed authorization request, sign-in and consent pages, code returned with state and iss")

client_auth = PrivateKeyJWT(token_endpoint, alg="ES256", headers={"kid": "rp-key-1"})
session = OAuth2Session(CLIENT_ID, key, token_endpoint_auth_method=client_auth, revocation_endpoint_auth_method=client_auth,
                        redirect_uri=REDIRECT)
token = session.fetch_token(token_endpoint, grant_type="authorization_code", code=code, code_verifier=verifier)
expect("id_token" in token and "refresh_token" in token, "code exchange with PKCE and private_key_jwt (Authlib)")

keys = KeySet.import_key_set(requests.get(config["jwks_uri"]).json())
id_token = jwt.decode(token["id_token"], keys, algorithms=["ES256"])
jwt.JWTClaimsRegistry(iss={"essential": True, "value": base}, aud={"essential": True, "value": CLIENT_ID},
                      nonce={"essential": True, "value": nonce}, acr={"essential": True, "value": "urn:dancu:eid:level2"},
                      sub={"essential": True}).validate(id_token.claims)
expect(id_token.claims["sub"] != citizen, "ID token signature checked through the JWKS (joserfc); iss, aud, nonce, acr; pairwise sub")

info = session.get(config["userinfo_endpoint"]).json()
expect(info["sub"] == id_token.claims["sub"] and info.get("name") and info.get("birthdate"), "UserInfo with the scopes' claims")

refreshed = session.refresh_token(token_endpoint, refresh_token=token["refresh_token"])
expect(refreshed["access_token"] != token["access_token"] and refreshed["refresh_token"] != token["refresh_token"], "refresh with rotation")

reused = requests.post(token_endpoint, data={"grant_type": "refresh_token", "refresh_token": token["refresh_token"],
                                             "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                                             "client_assertion": assertion()})
expect(reused.status_code == 400 and reused.json()["error"] == "invalid_grant", "a rotated refresh token used again: invalid_grant")

code2, verifier2, _ = authorize()
second_grant = session.fetch_token(token_endpoint, grant_type="authorization_code", code=code2, code_verifier=verifier2)
revoked = session.revoke_token(config["revocation_endpoint"], token=second_grant["refresh_token"], token_type_hint="refresh_token")
introspected = session.introspect_token(config["introspection_endpoint"], token=second_grant["access_token"]).json()
expect(revoked.status_code == 200 and introspected["active"] is False,
       "revocation of the refresh token ends the grant; introspection says its access token is inactive")

code3, verifier3, _ = authorize()
wrong = requests.post(token_endpoint, data={"grant_type": "authorization_code", "code": code3, "redirect_uri": REDIRECT,
                                            "code_verifier": secrets.token_urlsafe(48),
                                            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                                            "client_assertion": assertion()})
expect(wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant", "a wrong PKCE verifier: invalid_grant")
first = requests.post(token_endpoint, data={"grant_type": "authorization_code", "code": code3, "redirect_uri": REDIRECT, "code_verifier": verifier3,
                                            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                                            "client_assertion": assertion()})
second = requests.post(token_endpoint, data={"grant_type": "authorization_code", "code": code3, "redirect_uri": REDIRECT, "code_verifier": verifier3,
                                             "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                                             "client_assertion": assertion()})
expect(first.status_code == 200 and second.status_code == 400 and second.json()["error"] == "invalid_grant", "a code used twice: invalid_grant")
gone = requests.get(config["userinfo_endpoint"], headers={"Authorization": "Bearer " + first.json()["access_token"]})
expect(gone.status_code == 401, "and the tokens of its first use are revoked")

# DPoP (RFC 9449): proofs made with joserfc's JWS, the key's thumbprint by joserfc's RFC 7638.
dpop_key = ECKey.generate_key("P-256")
dpop_public = dpop_key.as_dict(private=False)


def dpop_proof(method, url, access_token=None):
    claims = {"jti": secrets.token_urlsafe(16), "htm": method, "htu": url, "iat": int(time.time())}
    if access_token:
        claims["ath"] = base64.urlsafe_b64encode(hashlib.sha256(access_token.encode()).digest()).rstrip(b"=").decode()
    return jws.serialize_compact({"typ": "dpop+jwt", "alg": "ES256", "jwk": dpop_public}, json.dumps(claims), dpop_key)


code4, verifier4, _ = authorize()
bound = requests.post(token_endpoint, headers={"DPoP": dpop_proof("POST", token_endpoint)}, data={
    "grant_type": "authorization_code", "code": code4, "redirect_uri": REDIRECT, "code_verifier": verifier4,
    "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion": assertion()})
expect(bound.status_code == 200 and bound.json()["token_type"] == "DPoP", "code exchange with a DPoP proof: a DPoP-bound token")
bound_access = bound.json()["access_token"]
cnf = requests.post(config["introspection_endpoint"], data={"token": bound_access,
                    "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion": assertion()}).json()
expect(cnf.get("cnf", {}).get("jkt") == dpop_key.thumbprint(), "introspection's cnf.jkt is the RFC 7638 thumbprint of the DPoP key")
proof = dpop_proof("GET", config["userinfo_endpoint"], bound_access)
dpop_headers = {"Authorization": "DPoP " + bound_access, "DPoP": proof}
first_read = requests.get(config["userinfo_endpoint"], headers=dpop_headers)
expect(first_read.status_code == 200 and first_read.json()["sub"] == id_token.claims["sub"], "UserInfo with the DPoP-bound token and a proof")
replayed = requests.get(config["userinfo_endpoint"], headers=dpop_headers)
expect(replayed.status_code == 401 and replayed.json()["error"] == "invalid_dpop_proof"
       and replayed.headers["WWW-Authenticate"].startswith("DPoP "), "the same DPoP proof replayed: 401 invalid_dpop_proof")
as_bearer = requests.get(config["userinfo_endpoint"], headers={"Authorization": "Bearer " + bound_access})
expect(as_bearer.status_code == 401 and as_bearer.json()["error"] == "invalid_token", "the DPoP-bound token without its key: invalid_token")

foreign, _, _ = authorize(redirect="http://127.0.0.1:9/elsewhere")
expect(foreign.status_code == 400 and foreign.json()["error"] == "invalid_request", "a redirect URI it did not register: invalid_request")

out = requests.get(config["end_session_endpoint"], params={"client_id": CLIENT_ID, "post_logout_redirect_uri": REDIRECT, "state": "bye"},
                   allow_redirects=False)
expect(out.status_code == 303 and out.headers["Location"] == REDIRECT + "?state=bye", "RP-initiated logout")
print("oidc interop: all steps passed")
