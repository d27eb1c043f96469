#!/usr/bin/env python3
"""Writes Sources/DanCuWeb/Resources/openapi.json, the OpenAPI 3.1 description of DanCu's HTTP API.

Edit the API here and run `python3 scripts/gen-openapi.py`; the test suite checks that every route the
server has is documented and every documented route exists.
"""
import json, os

PN = {"type": "string", "pattern": "^[0-9]{12}$", "description": "12-digit personal number (số định danh cá nhân)"}
DATE = {"type": "string", "format": "date", "description": "ISO 8601 date"}
PARTIAL = {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", "description": "year, year-month or full date"}
REL = ["head", "spouse", "child", "father", "mother", "grandchild", "grandparent", "sibling", "childInLaw",
       "parentInLaw", "niblingOrCousin", "otherRelative", "nonRelative"]
RELIGION = ["none", "buddhism", "catholicism", "protestantism", "islam", "caoDai", "hoaHao", "bahai", "tinhDoCuSiPhatHoi",
            "tuAnHieuNghia", "buuSonKyHuong", "minhSuDao", "minhLyDao", "brahmanism", "latterDaySaints",
            "phatGiaoHieuNghiaTaLon", "seventhDayAdventist", "other"]
PURPOSES = ["residence-management", "civil-status", "identity-card", "public-service", "data-correction",
            "law-enforcement", "citizen-request", "audit", "identity-verification", "self-service"]
CARD_STATUS = ["applied", "approved", "produced", "active", "lost", "stolen", "damaged", "expired", "revoked", "refused", "replaced"]
CARD_EVENTS = ["approve", "refuse", "produce", "deliver", "report-lost", "report-stolen", "report-damaged", "expire", "revoke"]
B64 = {"type": "string", "contentEncoding": "base64", "pattern": "^[A-Za-z0-9+/]*={0,2}$"}

def ref(name): return {"$ref": f"#/components/schemas/{name}"}
def obj(props, required=()):
    o = {"type": "object", "properties": props}
    if required: o["required"] = list(required)
    return o
def arr(items): return {"type": "array", "items": items}
def nullable(s): return {"anyOf": [s, {"type": "null"}]}

schemas = {
    "Problem": obj({
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": arr(obj({"field": {"type": "string"}, "rule": {"type": "string"}, "detail": {"type": "string"}},
                          ["field", "rule", "detail"]))}, ["type", "title", "status", "detail", "errors"]),
    "Place": obj({
        "country": {"type": "string", "pattern": "^[A-Z]{3}$"}, "provinceCode": {"type": "string"},
        "wardCode": {"type": "string"}, "unitList": {"type": "string", "enum": ["current", "legacy"]},
        "detail": {"type": "string"}}, ["country", "unitList"]),
    "Residence": obj({"place": ref("Place"), "since": DATE, "until": DATE}, ["place", "since"]),
    "StayNotice": obj({"place": ref("Place"), "from": DATE, "until": DATE, "host": {"type": "string"}, "presence": ref("Presence")},
                      ["place", "from", "until", "host"]),
    "Presence": {**obj({"fullName": {"type": "string", "minLength": 1}, "dateOfBirth": PARTIAL, "chip": ref("CardVerification")}),
                 "description": "for a person who lives outside the officer's area: the full name and date of birth they show at the "
                                "counter (with the path's number, all must match the register), or their card's chip"},
    "RecordedChange": obj({"personalNumber": PN, "recorded": {"type": "string", "description": "the kind of the event recorded"},
                           "version": {"type": "integer", "minimum": 1}}, ["personalNumber", "recorded", "version"]),
    "TemporaryAbsence": obj({"from": DATE, "until": DATE, "destination": ref("Place"), "reason": {"type": "string"}},
                            ["from", "until", "reason"]),
    "PersonReference": obj({"name": {"type": "string"}, "personalNumber": PN, "legacyIdNumber": {"type": "string"},
                            "nationality": {"type": "string"}}, ["name", "nationality"]),
    "VitalStatus": obj({"status": {"type": "string", "enum": ["alive", "dead", "missing"]}, "date": PARTIAL}, ["status"]),
    "IdentityDocument": obj({"kind": {"type": "string", "enum": ["cmnd9", "cmnd12", "cccd", "identityCard", "identityCertificate"]},
                             "number": {"type": "string"}, "issuedOn": DATE, "issuedBy": {"type": "string"},
                             "validUntil": DATE}, ["kind", "number", "issuedOn", "issuedBy"]),
    "Person": obj({
        "personalNumber": PN, "name": {"type": "string"}, "otherNames": arr({"type": "string"}),
        "dateOfBirth": PARTIAL, "sex": {"type": "string", "enum": ["male", "female"]},
        "placeOfBirth": ref("Place"), "birthRegistrationPlace": ref("Place"), "placeOfOrigin": ref("Place"),
        "ethnicity": {"type": "string"}, "religion": {"type": "string", "enum": RELIGION},
        "nationality": {"type": "string"}, "otherNationalities": arr({"type": "string"}),
        "bloodGroup": {"type": "string", "enum": ["A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-", "unknown"]},
        "legacyIdNumber": {"type": "string"}, "identityDocuments": arr(ref("IdentityDocument")),
        "father": ref("PersonReference"), "mother": ref("PersonReference"), "spouse": ref("PersonReference"),
        "children": arr(ref("PersonReference")), "legalRepresentative": ref("PersonReference"),
        "representedPersons": arr(ref("PersonReference")),
        "permanentResidence": ref("Residence"), "temporaryResidence": ref("Residence"), "currentResidence": ref("Place"),
        "temporaryAbsence": ref("TemporaryAbsence"), "residenceFileNumber": {"type": "string"},
        "maritalStatus": {"type": "string", "enum": ["single", "married", "divorced", "widowed"]},
        "householdId": {"type": "string"}, "relationshipToHead": {"type": "string", "enum": REL},
        "vitalStatus": ref("VitalStatus"), "phone": {"type": "string"}, "email": {"type": "string"}},
        ["personalNumber", "name", "otherNames", "dateOfBirth", "sex", "ethnicity", "religion", "nationality",
         "otherNationalities", "bloodGroup", "identityDocuments", "children", "representedPersons", "maritalStatus",
         "vitalStatus"]),
    "VersionedPerson": obj({"person": ref("Person"), "version": {"type": "integer", "minimum": 1}}, ["person", "version"]),
    "PersonAsOf": obj({"person": ref("Person")}, ["person"]),
    "BirthRegistration": obj({
        "name": {"type": "string"}, "sex": {"type": "string", "enum": ["male", "female"]}, "dateOfBirth": DATE,
        "placeOfBirth": ref("Place"), "birthRegistrationPlace": ref("Place"), "abroadPlaceCode": {"type": "string"},
        "placeOfOrigin": ref("Place"), "ethnicity": {"type": "string"}, "religion": {"type": "string", "enum": RELIGION},
        "nationality": {"type": "string"}, "father": ref("PersonReference"), "mother": ref("PersonReference"),
        "permanentResidence": ref("Place"),
        "multipleBirth": {"type": "boolean", "description": "twins: a second birth of the same name, date and mother is not a repeat"}},
        ["name", "sex", "dateOfBirth", "placeOfBirth", "birthRegistrationPlace", "ethnicity", "religion", "nationality"]),
    "SearchHit": obj({"personalNumber": PN, "fullName": {"type": "string"}, "birthYear": {"type": "integer"},
                      "sex": {"type": "string"}, "wardCode": {"type": "string"}, "vitalStatus": {"type": "string"}},
                     ["personalNumber", "fullName", "birthYear", "sex", "vitalStatus"]),
    "SearchPage": obj({"items": arr(ref("SearchHit")), "nextCursor": {"type": "string"}}, ["items"]),
    "LifeEvent": obj({"seq": {"type": "integer"}, "kind": {"type": "string"}, "validFrom": DATE,
                      "recordedAt": {"type": "string", "format": "date-time"}, "officer": {"type": "string"},
                      "reason": {"type": "string"},
                      "change": {"type": "object", "description": "one member named after the kind, holding the change"}},
                     ["seq", "kind", "validFrom", "recordedAt", "officer", "change"]),
    "HistoryPage": obj({"items": arr(ref("LifeEvent")), "nextCursor": {"type": "string"}}, ["items"]),
    "EventRequest": obj({
        "change": {"type": "object", "minProperties": 1, "maxProperties": 1,
                   "description": "exactly one of deathRecorded {date}, disappearanceRecorded {date}, reappeared {}, "
                                  "marriageRegistered {spouse}, divorceRegistered {}, nameChanged {name}, corrected {correction}"},
        "validFrom": DATE, "reason": {"type": "string"}}, ["change"]),
    "ResidenceRequest": obj({"kind": {"type": "string", "enum": ["permanent", "temporary", "current", "end-temporary"]},
                             "place": ref("Place"), "since": DATE, "until": DATE, "presence": ref("Presence")}, ["kind", "since"]),
    "Household": obj({"id": {"type": "string"}, "head": PN, "address": ref("Place"),
                      "members": arr(obj({"personalNumber": PN, "relationshipToHead": {"type": "string", "enum": REL}},
                                         ["personalNumber", "relationshipToHead"]))}, ["id", "head", "address", "members"]),
    "HouseholdCreate": obj({"head": PN, "address": ref("Place"), "validFrom": DATE, "presence": ref("Presence")},
                           ["head", "address", "validFrom"]),
    "HouseholdMember": obj({"personalNumber": PN, "relationship": {"type": "string", "enum": REL}, "validFrom": DATE,
                            "presence": ref("Presence")},
                           ["personalNumber", "relationship", "validFrom"]),
    "HouseholdHead": obj({"personalNumber": PN, "formerHeadRelationship": {"type": "string", "enum": REL}, "validFrom": DATE},
                         ["personalNumber", "formerHeadRelationship", "validFrom"]),
    "AccessLogEntry": obj({"id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"},
                           "requestId": {"type": "string"}, "actor": {"type": "string"}, "role": {"type": "string"},
                           "action": {"type": "string"}, "fields": arr({"type": "string"}), "purpose": {"type": "string"},
                           "decision": {"type": "string", "enum": ["allowed", "denied"]}, "reason": {"type": "string"},
                           "legalBasis": {"type": "string", "description": "the law the access was made under"}},
                          ["id", "at", "requestId", "actor", "role", "action", "fields", "decision"]),
    "CitizenAccessLogEntry": obj({"id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"},
                                  "who": {"type": "string", "description": "an officer's unit and role, a service's name, or 'Bạn' (you)"},
                                  "role": {"type": "string"}, "actor": {"type": "string", "description": "services and yourself only"},
                                  "action": {"type": "string"}, "actionText": {"type": "string"}, "purpose": {"type": "string"},
                                  "purposeText": {"type": "string"}, "fields": arr({"type": "string"}), "fieldsText": {"type": "string"},
                                  "decision": {"type": "string", "enum": ["allowed", "denied"]},
                                  "legalBasis": {"type": "string", "description": "the law the access was made under"}},
                                 ["id", "at", "who", "role", "action", "actionText", "purposeText", "fields", "fieldsText", "decision"]),
    "AccessLogPage": obj({"items": arr(ref("AccessLogEntry")), "nextCursor": {"type": "string"}}, ["items"]),
    "Officer": obj({"username": {"type": "string"}, "displayName": {"type": "string"},
                    "role": {"type": "string", "enum": ["commune-officer", "province-officer", "central-officer", "auditor", "administrator",
                                                        "relying-party"]},
                    "jurisdiction": {"type": "string"}, "disabled": {"type": "boolean"}},
                   ["username", "displayName", "role", "jurisdiction", "disabled"]),
    "Login": obj({"username": {"type": "string"}, "password": {"type": "string"},
                  "totp": {"type": "string", "pattern": "^[0-9]{6}$",
                           "description": "the code from the officer's authenticator app, where their role needs one or they enrolled one"}},
                 ["username", "password"]),
    "Session": obj({"token": {"type": "string"}, "expiresAt": {"type": "string", "format": "date-time"},
                    "officer": ref("Officer")}, ["token", "expiresAt", "officer"]),
    "Status": obj({"status": {"type": "string"}, "database": {"type": "string"}}, ["status"]),
    "CardApplication": obj({
        "kind": {"type": "string", "enum": ["first", "renewal", "reissue"]},
        "reason": {"anyOf": [{"type": "string", "enum": ["renewal-age", "expired", "data-changed", "lost", "stolen", "damaged"]},
                             {"type": "null"}]},
        "biometrics": obj({"face": {**B64, "description": "JPEG; required from age 6, none below"},
                           "fingerprints": {**arr(B64), "maxItems": 10, "description": "opaque templates of the capture device"},
                           "irises": {**arr(B64), "maxItems": 2}})}, ["kind"]),
    "IdentityCard": obj({
        "cardId": {"type": "string", "pattern": "^[0-9]{12}-[0-9]+$"}, "personalNumber": PN,
        "status": {"type": "string", "enum": CARD_STATUS}, "version": {"type": "integer", "minimum": 1},
        "kind": {"type": "string", "enum": ["first", "renewal", "reissue"]}, "reason": {"type": "string"},
        "appliedAt": {"type": "string", "format": "date-time"}, "issuedOn": DATE, "expiresOn": DATE,
        "documentSigner": {"type": "string", "description": "serial number of the Document Signer, hex"},
        "events": arr(obj({"seq": {"type": "integer"}, "event": {"type": "string"}, "status": {"type": "string", "enum": CARD_STATUS},
                           "officer": {"type": "string"}, "at": {"type": "string", "format": "date-time"}, "reason": {"type": "string"}},
                          ["seq", "event", "status", "officer", "at"]))},
        ["cardId", "personalNumber", "status", "version", "kind", "appliedAt", "events"]),
    "CardPage": obj({"items": arr(ref("IdentityCard")), "nextCursor": {"type": "string"}}, ["items"]),
    "CardEvent": obj({"event": {"type": "string", "enum": CARD_EVENTS},
                      "reason": {"type": "string", "description": "required to refuse or revoke"}}, ["event"]),
    "ChipFiles": obj({"cardId": {"type": "string"}, "efCOM": B64,
                      "dataGroups": {"type": "object", "propertyNames": {"pattern": "^[0-9]+$"}, "additionalProperties": B64},
                      "sod": B64, "sodDigest": {"type": "string", "pattern": "^[0-9a-f]{64}$"}},
                     ["cardId", "efCOM", "dataGroups", "sod", "sodDigest"]),
    "CardVerification": obj({"sod": B64,
                             "dataGroups": {"type": "object", "propertyNames": {"pattern": "^[0-9]+$"}, "additionalProperties": B64,
                                            "description": "data group number to the file's bytes; DG1 is required"},
                             "challenge": {**B64, "description": "active authentication: the reader's challenge (8 to 64 bytes)"},
                             "signature": {**B64, "description": "the chip's ECDSA signature of the challenge, r||s or DER"}},
                            ["sod", "dataGroups"]),
    "CardVerdict": obj({
        "verdict": obj({"verdictId": {"type": "string"}, "checkedAt": {"type": "string", "format": "date-time"},
                        "valid": {"type": "boolean"}, "cardId": {"type": "string"}, "personalNumber": PN,
                        "checks": arr(obj({"name": {"type": "string"}, "passed": {"type": "boolean"}, "reason": {"type": "string"}},
                                          ["name", "passed"]))}, ["verdictId", "checkedAt", "valid", "checks"]),
        "jws": {"type": "string", "description": "the verdict as a compact JWS (ES256), signed by a certificate of the CSCA (x5c)"}},
        ["verdict", "jws"]),
}

def problem(desc): return {"description": desc, "content": {"application/problem+json": {"schema": ref("Problem")}}}
def ok(schema, desc="OK", headers=None):
    r = {"description": desc, "content": {"application/json": {"schema": schema}}}
    if headers: r["headers"] = headers
    return r

ETAG = {"ETag": {"description": "the record's version, for If-Match", "schema": {"type": "string"}}}
PURPOSE = {"name": "DanCu-Purpose", "in": "header", "required": True,
           "description": "why the data is needed; recorded in the access log", "schema": {"type": "string", "enum": PURPOSES}}
IFMATCH = {"name": "If-Match", "in": "header", "required": False,
           "description": "the version from the ETag; a stale one gets 412; required (428) when the caller may read the person",
           "schema": {"type": "string", "pattern": "^(W/)?\"?[1-9][0-9]{0,9}\"?$"}}
IDEM = {"name": "Idempotency-Key", "in": "header", "required": False,
        "description": "repeat a creating write safely: the same key and body create once", "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}}
NUMBER = {"name": "number", "in": "path", "required": True, "schema": PN}
HID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 64}}
CID = {"name": "cardId", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 24}}

def errors(*codes):
    text = {400: "bad request: the problem names the field", 401: "no valid bearer token",
            403: "not allowed for this officer (role, jurisdiction or purpose)", 404: "not found",
            409: "conflict", 412: "If-Match is stale", 413: "body too large", 415: "the body is not application/json",
            422: "the register's rules refuse it, naming each field", 428: "If-Match is required",
            423: "account locked", 429: "too many failed sign-ins from this address: wait Retry-After seconds",
            503: "no card keys in this installation"}
    return {str(c): problem(text[c]) for c in codes}

READ = (400, 401, 403, 404)
WRITE = (400, 401, 403, 404, 413, 415, 422)

def op(summary, tag, responses, params=(), body=None, personal=True, security=True):
    o = {"summary": summary, "tags": [tag], "responses": responses}
    ps = list(params)
    if personal: ps.append(PURPOSE)
    if ps: o["parameters"] = ps
    if body: o["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(body)}}}
    if not security: o["security"] = []
    o["x-dancu-personal-data"] = personal
    return o

paths = {
    "/health/live": {"get": op("Liveness", "operations", {"200": ok(ref("Status"))}, personal=False, security=False)},
    "/health/ready": {"get": op("Readiness: the database answers", "operations",
                                {"200": ok(ref("Status")), "503": problem("database unreachable")}, personal=False, security=False)},
    "/metrics": {"get": op("Prometheus metrics", "operations",
                           {"200": {"description": "text exposition format", "content": {"text/plain": {"schema": {"type": "string"}}}}},
                           personal=False, security=False)},
    "/openapi.json": {"get": op("This document", "operations",
                                {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}},
                                personal=False, security=False)},
    "/v1/auth/login": {"post": op("Log in with username, password and, where needed, a TOTP code; returns a bearer token", "auth",
                                  {"201": ok(ref("Session"), "logged in"), **errors(400, 401, 413, 415, 429)},
                                  body="Login", personal=False, security=False)},
    "/v1/auth/logout": {"post": op("Revoke the token of this request", "auth",
                                   {"204": {"description": "revoked"}, **errors(401)}, personal=False)},
    "/v1/auth/me": {"get": op("The officer of this token", "auth", {"200": ok(ref("Officer")), **errors(401)}, personal=False)},
    "/v1/persons": {
        "get": op("Search by name (each word, folded, is the start of a name part, in order: `viet` and `nguyen viet` find Nguyễn Hữu Việt), birth year and ward. Outside a ward, names that begin with the words as typed come first, then the other matches, each in name order; a page may be shorter than `limit` and still have a `nextCursor`", "persons",
                  {"200": ok(ref("SearchPage")), **errors(400, 401, 403)},
                  params=[{"name": "name", "in": "query", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "[A-Za-zÀ-ỹĐđ]"}},
                          {"name": "birthYear", "in": "query", "schema": {"type": "integer", "minimum": 1800, "maximum": 2200}},
                          {"name": "ward", "in": "query", "schema": {"type": "string"}},
                          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
                          {"name": "cursor", "in": "query", "schema": {"type": "string", "minLength": 1}}]),
        "post": op("Enter a person already known to the state (digitisation), keeping their number", "persons",
                   {"201": ok(ref("VersionedPerson"), "registered", ETAG), "200": ok(ref("VersionedPerson"), "replayed by Idempotency-Key", ETAG),
                    **errors(*WRITE)}, params=[IDEM], body="Person"),
    },
    "/v1/persons/{number}": {"get": op("A person's current record, or as of a date", "persons",
                                       {"200": ok({"anyOf": [ref("VersionedPerson"), ref("PersonAsOf")]}, "the record", ETAG),
                                        **errors(*READ)},
                                       params=[NUMBER, {"name": "validOn", "in": "query", "schema": DATE},
                                               {"name": "recordedBy", "in": "query", "schema": {"type": "string", "format": "date-time"}}])},
    "/v1/persons/{number}/history": {"get": op("A person's life events, oldest first", "persons",
                                               {"200": ok(ref("HistoryPage")), **errors(*READ)},
                                               params=[NUMBER, {"name": "cursor", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 1000000}},
                                                       {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}])},
    "/v1/persons/{number}/events": {"post": op("Record a life event: death, disappearance, reappearance, marriage, divorce, name change, correction",
                                               "events", {"200": ok({"anyOf": [ref("VersionedPerson"), ref("RecordedChange")]}, "recorded: the record when the caller may read the person, else only the new version", ETAG), **errors(*WRITE, 412, 428)},
                                               params=[NUMBER, IFMATCH], body="EventRequest")},
    "/v1/persons/{number}/residence": {"post": op("Register permanent or temporary residence, declare current residence, end temporary residence",
                                                  "residence", {"200": ok({"anyOf": [ref("VersionedPerson"), ref("RecordedChange")]}, "recorded: the record when the caller may read the person, else only the new version", ETAG), **errors(*WRITE, 412, 428)},
                                                  params=[NUMBER, IFMATCH], body="ResidenceRequest")},
    "/v1/persons/{number}/stay-notices": {"post": op("Notify a stay (lưu trú)", "residence",
                                                     {"200": ok({"anyOf": [ref("VersionedPerson"), ref("RecordedChange")]}, "recorded: the record when the caller may read the person, else only the new version", ETAG), **errors(*WRITE, 412, 428)},
                                                     params=[NUMBER, IFMATCH], body="StayNotice")},
    "/v1/persons/{number}/temporary-absences": {"post": op("Declare a temporary absence (tạm vắng)", "residence",
                                                           {"200": ok({"anyOf": [ref("VersionedPerson"), ref("RecordedChange")]}, "recorded: the record when the caller may read the person, else only the new version", ETAG), **errors(*WRITE, 412, 428)},
                                                           params=[NUMBER, IFMATCH], body="TemporaryAbsence")},
    "/v1/persons/{number}/access-log": {"get": op("Who accessed a person's data (auditors, purpose audit)", "audit",
                                                  {"200": ok(ref("AccessLogPage")), **errors(400, 401, 403)},
                                                  params=[NUMBER, {"name": "cursor", "in": "query", "schema": {"type": "integer", "minimum": 0}},
                                                          {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}}])},
    "/v1/births": {"post": op("Register a birth; allocates the personal number", "persons",
                              {"201": ok(ref("VersionedPerson"), "registered", ETAG), "200": ok(ref("VersionedPerson"), "replayed by Idempotency-Key", ETAG),
                               **errors(*WRITE, 409)}, params=[IDEM], body="BirthRegistration")},
    "/v1/households": {"post": op("Create a household with its head", "households",
                                  {"201": ok(ref("Household"), "created"), "200": ok(ref("Household"), "replayed by Idempotency-Key"),
                                   **errors(*WRITE)}, params=[IDEM], body="HouseholdCreate")},
    "/v1/households/{id}": {"get": op("A household and its members", "households", {"200": ok(ref("Household")), **errors(*READ)},
                                      params=[HID])},
    "/v1/households/{id}/members": {"post": op("Add a member", "households", {"200": ok(ref("Household")), **errors(*WRITE)},
                                               params=[HID], body="HouseholdMember")},
    "/v1/households/{id}/members/{number}": {"delete": op("Remove a member", "households",
                                                          {"200": ok(ref("Household")), "204": {"description": "the last member left; the household ended"},
                                                           **errors(*READ, 422)},
                                                          params=[HID, NUMBER, {"name": "validFrom", "in": "query", "schema": DATE}])},
    "/v1/households/{id}/head": {"put": op("Make another member the head", "households", {"200": ok(ref("Household")), **errors(*WRITE)},
                                           params=[HID], body="HouseholdHead")},
    "/v1/persons/{number}/cards": {
        "get": op("A person's identity cards, oldest first", "cards", {"200": ok(ref("CardPage")), **errors(*READ, 503)}, params=[NUMBER]),
        "post": op("Apply for an identity card, with the biometrics taken at the counter", "cards",
                   {"201": ok(ref("IdentityCard"), "application taken", ETAG), "200": ok(ref("IdentityCard"), "replayed by Idempotency-Key", ETAG),
                    **errors(*WRITE, 409, 503)}, params=[NUMBER, IDEM], body="CardApplication"),
    },
    "/v1/cards/{cardId}": {"get": op("A card and its events", "cards", {"200": ok(ref("IdentityCard"), "the card", ETAG), **errors(*READ, 503)},
                                     params=[CID])},
    "/v1/cards/{cardId}/events": {"post": op("The next step of a card's life: approve, refuse, produce (personalise the chip), deliver, "
                                             "report lost, stolen or damaged, expire, revoke", "cards",
                                             {"200": ok(ref("IdentityCard"), "recorded", ETAG), **errors(*WRITE, 409, 412, 428, 503)},
                                             params=[CID, IFMATCH], body="CardEvent")},
    "/v1/cards/{cardId}/chip": {"get": op("The chip's files of a produced card, base64 (EF.COM, DG1, DG2, DG13, DG14, DG15, EF.SOD)", "cards",
                                          {"200": ok(ref("ChipFiles")), **errors(*READ, 409, 503)}, params=[CID])},
    "/v1/cards/verify": {"post": op("Verify a card's chip: passive and active authentication, the card's status and the register's data; "
                                    "answers a signed verdict", "verification",
                                    {"200": ok(ref("CardVerdict")), **errors(400, 401, 403, 413, 422, 503)}, body="CardVerification")},
}

# OpenID Connect: form bodies and OAuth's own error shape (RFC 6749 §5.2), HTML pages for the citizen.
OAUTH_ERROR = obj({"error": {"type": "string"}, "error_description": {"type": "string"}}, ["error"])
schemas["OAuthError"] = OAUTH_ERROR
schemas["TokenResponse"] = obj({"access_token": {"type": "string"}, "token_type": {"type": "string", "enum": ["Bearer", "DPoP"]},
                                "expires_in": {"type": "integer"}, "id_token": {"type": "string"}, "refresh_token": {"type": "string"},
                                "scope": {"type": "string"}}, ["access_token", "token_type", "expires_in", "scope"])
schemas["Introspection"] = obj({"active": {"type": "boolean"}, "scope": {"type": "string"}, "client_id": {"type": "string"},
                                "sub": {"type": "string"}, "exp": {"type": "integer"}, "acr": {"type": "string"},
                                "token_type": {"type": "string", "enum": ["Bearer", "DPoP"]},
                                "cnf": obj({"jkt": {"type": "string"}}, ["jkt"])}, ["active"])
def form(props, required=()):
    return {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": obj(props, required)}}}
def oauth_errors(*codes):
    return {str(c): {"description": "an OAuth error", "content": {"application/json": {"schema": ref("OAuthError")}}} for c in codes}
HTML = {"description": "an HTML page", "content": {"text/html": {"schema": {"type": "string"}}}}
def html(desc): return {"description": desc, "content": {"text/html": {"schema": {"type": "string"}}}}
CLIENT_AUTH = {"client_assertion_type": {"type": "string"}, "client_assertion": {"type": "string"}}
def oidc_op(summary, responses, params=(), body=None, security=None):
    o = {"summary": summary, "tags": ["openid-connect"], "responses": responses, "x-dancu-personal-data": False}
    if params: o["parameters"] = list(params)
    if body: o["requestBody"] = body
    o["security"] = security if security is not None else []
    return o
def q(name, required=False): return {"name": name, "in": "query", "required": required, "schema": {"type": "string"}}
DPOP = {"name": "DPoP", "in": "header", "required": False, "schema": {"type": "string"},
        "description": "a DPoP proof (RFC 9449, ES256): binds the tokens (or the code, at PAR) to its key"}
PAR_FIELDS = {"response_type": {"type": "string"}, "client_id": {"type": "string"}, "redirect_uri": {"type": "string"},
              "scope": {"type": "string"}, "state": {"type": "string"}, "nonce": {"type": "string"}, "code_challenge": {"type": "string"},
              "code_challenge_method": {"type": "string"}, "acr_values": {"type": "string"}, "purpose": {"type": "string"},
              "prompt": {"type": "string"}, "dpop_jkt": {"type": "string"}, **CLIENT_AUTH}
CLIENT = [{"clientBasic": []}, {}]
paths.update({
    "/.well-known/openid-configuration": {"get": oidc_op("OpenID Connect discovery", {"200": ok({"type": "object"})})},
    "/oidc/jwks": {"get": oidc_op("The provider's public signing keys (JWKS)", {"200": ok({"type": "object"})})},
    "/oidc/par": {"post": oidc_op("Push an authorization request (RFC 9126); answers a request_uri",
                                  {"201": ok(obj({"request_uri": {"type": "string"}, "expires_in": {"type": "integer"}}, ["request_uri", "expires_in"]), "pushed"),
                                   **oauth_errors(400, 401), **errors(413)}, params=[DPOP], body=form(PAR_FIELDS), security=CLIENT)},
    "/oidc/authorize": {"get": oidc_op("The citizen's sign-in page for a pushed request",
                                       {"200": html("the sign-in page"), "400": html("the request_uri is unknown, used or expired")},
                                       params=[q("client_id", True), q("request_uri", True)])},
    "/oidc/login": {"post": oidc_op("Sign in with the eID account; answers the consent page and a session cookie",
                                    {"200": html("the consent page"), "400": html("the request is invalid"), "401": html("the sign-in page again"),
                                     **errors(413)},
                                    body=form({"client_id": {"type": "string"}, "request_uri": {"type": "string"}, "username": {"type": "string"},
                                               "password": {"type": "string"}}, ["client_id", "request_uri", "username", "password"]))},
    "/oidc/consent": {"post": oidc_op("Approve or deny; redirects to the relying party with a code or an error",
                                      {"303": {"description": "back to the relying party's redirect URI"}, "400": html("the request is invalid"),
                                       "403": html("no session, or the form's token does not match it"), **errors(413)},
                                      body=form({"client_id": {"type": "string"}, "request_uri": {"type": "string"}, "csrf": {"type": "string"},
                                                 "decision": {"type": "string", "enum": ["approve", "deny"]}}, ["client_id", "request_uri", "csrf", "decision"]))},
    "/oidc/token": {"post": oidc_op("Exchange a code (PKCE) or a refresh token for tokens",
                                    {"200": ok(ref("TokenResponse")), **oauth_errors(400, 401), **errors(413)},
                                    body=form({"grant_type": {"type": "string", "enum": ["authorization_code", "refresh_token"]},
                                               "code": {"type": "string"}, "redirect_uri": {"type": "string"}, "code_verifier": {"type": "string"},
                                               "refresh_token": {"type": "string"}, **CLIENT_AUTH}, ["grant_type"]), params=[DPOP], security=CLIENT)},
    "/oidc/userinfo": {"get": oidc_op("The holder's claims for an access token", {"200": ok({"type": "object"}), **oauth_errors(401)},
                                      params=[DPOP], security=[{"accessToken": []}, {"dpopToken": []}])},
    "/oidc/introspect": {"post": oidc_op("Introspect a token of this client (RFC 7662)", {"200": ok(ref("Introspection")), **oauth_errors(400, 401), **errors(413)},
                                         body=form({"token": {"type": "string"}, **CLIENT_AUTH}, ["token"]), security=CLIENT)},
    "/oidc/revoke": {"post": oidc_op("Revoke a token of this client (RFC 7009)", {"200": {"description": "revoked, or not this client's"},
                                                                                   **oauth_errors(400, 401), **errors(413)},
                                     body=form({"token": {"type": "string"}, **CLIENT_AUTH}, ["token"]), security=CLIENT)},
    "/oidc/logout": {"get": oidc_op("End the citizen's session; redirects to a registered post_logout_redirect_uri",
                                    {"200": html("signed out"), "303": {"description": "back to the relying party"}},
                                    params=[q("client_id"), q("post_logout_redirect_uri"), q("state"), q("id_token_hint")])},
})

# Citizen self-service: a session from POST /me/api/session, sent as Authorization: Bearer; pages with a cookie.
INT = {"type": "integer"}
STR = {"type": "string"}
schemas["EIDAccount"] = obj({"subject": STR, "kind": {"type": "string", "enum": ["citizen", "foreigner", "organisation"]},
                             "level": {"type": "integer", "enum": [1, 2]}, "phone": STR, "email": STR,
                             "status": {"type": "string", "enum": ["active", "locked"]}, "lockReason": STR, "hasTOTP": {"type": "boolean"},
                             "hasPasscode": {"type": "boolean"}, "version": INT},
                            ["subject", "kind", "status", "hasTOTP", "hasPasscode", "version"])
schemas["MyAccount"] = obj({"account": ref("EIDAccount"),
                            "sessions": arr(obj({"authTime": INT, "methods": arr(STR), "expiresAt": INT}, ["authTime", "methods", "expiresAt"]))},
                           ["account", "sessions"])
schemas["Consent"] = obj({"clientId": STR, "clientName": STR, "scopes": arr(STR), "fields": arr(STR), "purpose": STR, "legalBasis": STR,
                          "grantedAt": INT, "withdrawnAt": INT}, ["clientId", "clientName", "scopes", "fields", "purpose", "legalBasis", "grantedAt"])
schemas["AuthenticationEvent"] = obj({"at": INT, "method": STR, "outcome": STR, "detail": STR}, ["at", "method", "outcome"])
def items(schema): return obj({"items": arr(schema), "nextCursor": STR}, ["items"])
def me_op(summary, responses, params=(), body=None, session=True):
    o = {"summary": summary, "tags": ["self-service"], "responses": responses, "x-dancu-personal-data": False,
         "security": [{"citizenSession": []}] if session else []}
    if params: o["parameters"] = list(params)
    if body: o["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return o
def json_body(props): return obj(props, list(props))
ME_READ = errors(401)
paths.update({
    "/me/api/session": {
        "post": me_op("Sign in with the eID password; answers a session token", {"201": ok(obj({"token": STR, "expiresIn": INT}, ["token", "expiresIn"])),
                                                                                 **errors(400, 401, 413, 422, 423)},
                      body=json_body({"username": STR, "password": STR}), session=False),
        "delete": me_op("Sign out", {"204": {"description": "signed out"}, **ME_READ})},
    "/me/api/record": {"get": me_op("My record as the register holds it (logged, purpose self-service)",
                                    {"200": ok(ref("VersionedPerson"), "the record", ETAG), **ME_READ})},
    "/me/api/account": {"get": me_op("My eID account and where it is signed in", {"200": ok(ref("MyAccount")), **ME_READ})},
    "/me/api/consents": {"get": me_op("What I agreed to share, with whom and why", {"200": ok(items(ref("Consent"))), **ME_READ})},
    "/me/api/consents/{clientId}": {"delete": me_op("Withdraw a consent; the service's tokens stop working",
                                                    {"204": {"description": "withdrawn"}, **errors(400, 401, 404)},
                                                    params=[{"name": "clientId", "in": "path", "required": True,
                                                             "schema": {"type": "string", "minLength": 1, "maxLength": 128}}])},
    "/me/api/authentications": {"get": me_op("My sign-in history, newest first", {"200": ok(items(ref("AuthenticationEvent"))), **errors(400, 401)},
                                             params=[{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}])},
    "/me/api/access-log": {"get": me_op("Who used my data and why, newest first: officers by unit and role, services by name",
                                        {"200": ok(obj({"items": arr(ref("CitizenAccessLogEntry")), "nextCursor": {"type": "string"}}, ["items"])),
                                         **errors(400, 401)},
                                        params=[{"name": "cursor", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                                                {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500}}])},
    "/me/api/sessions": {"delete": me_op("Sign out on every browser and app", {"204": {"description": "signed out everywhere"}, **ME_READ})},
    "/me/api/totp": {"post": me_op("Add an authenticator app (TOTP), after the password again; answers the otpauth:// URL",
                                   {"201": ok(obj({"otpauthURL": STR}, ["otpauthURL"])), **errors(400, 401, 413, 423)},
                                   body=json_body({"password": STR}))},
    "/me/api/organisations": {"post": me_op("Register an organisation's account as its legal representative (a level-2 account)",
                                            {"201": ok(ref("EIDAccount"), "registered"), **errors(400, 401, 409, 413, 422)},
                                            body=obj({"code": STR, "phone": STR, "email": STR, "password": STR}, ["code", "password"]))},
    "/me/sessions/end": {"post": me_op("Sign out everywhere (form with csrf)", {"303": {"description": "to /me"}, "400": html("not a form"),
                                                                               "401": html("no session"), **errors(413)}, session=False)},
    "/me/api/lock": {"post": me_op("Lock my eID: every session and token ends", {"200": ok(ref("EIDAccount")), **ME_READ})},
    "/me/api/unlock": {"post": me_op("Lift a lock I placed myself, with password and passcode", {"200": ok(ref("EIDAccount")),
                                                                                                 **errors(400, 401, 409, 413, 422, 423)},
                                     body=json_body({"username": STR, "password": STR, "passcode": STR}), session=False)},
    "/me": {"get": me_op("My data: the sign-in page, or with the session cookie the self-service page", {"200": html("the page")}, session=False)},
    "/me/login": {"post": me_op("Sign in; sets the session cookie", {"303": {"description": "to /me"}, "400": html("not a form"),
                                                                     "401": html("the sign-in page again"), **errors(413)}, session=False)},
    "/me/logout": {"post": me_op("Sign out (form with csrf)", {"303": {"description": "to /me"}, "400": html("not a form"),
                                                               "401": html("no session"), **errors(413)}, session=False)},
    "/me/consents/withdraw": {"post": me_op("Withdraw a consent (form with csrf and client_id)", {"303": {"description": "to /me"},
                                                                                                 "400": html("not a form"), "401": html("no session"),
                                                                                                 **errors(413)}, session=False)},
    "/me/lock": {"post": me_op("Lock my eID (form with csrf)", {"303": {"description": "to /me"}, "400": html("not a form"),
                                                                "401": html("no session"), **errors(413)}, session=False)},
    "/me/unlock": {"post": me_op("Lift my own lock (form with username, password, passcode)", {"200": html("the sign-in page"),
                                                                                               "400": html("not a form"), "401": html("refused"),
                                                                                               **errors(413)}, session=False)},
})

# Officers' counter work on eID accounts, through the gate.
EID_TAG = "eid"
paths.update({
    "/v1/persons/{number}/eid": {
        "get": op("A person's eID account", EID_TAG, {"200": ok(ref("EIDAccount")), **errors(*READ)}, params=[NUMBER]),
        "post": op("Register a person's eID account at the counter (purpose citizen-request)", EID_TAG,
                   {"201": ok(ref("EIDAccount"), "registered"), **errors(400, 401, 403, 404, 409, 413, 422)}, params=[NUMBER],
                   body="EIDRegistration")},
    "/v1/persons/{number}/eid/level": {"post": op("Raise the account to level 2 after checking the holder in person", EID_TAG,
                                                  {"200": ok(ref("EIDAccount")), **errors(400, 401, 403, 404, 413, 422, 423)}, params=[NUMBER],
                                                  body="EIDLevelChange")},
    "/v1/persons/{number}/eid/lock": {"post": op("Lock the account (citizen-request or law-enforcement)", EID_TAG,
                                                 {"200": ok(ref("EIDAccount")), **errors(400, 401, 403, 404, 413)}, params=[NUMBER], body="EIDLock")},
    "/v1/persons/{number}/eid/unlock": {"post": op("Unlock the account (not a dead holder's)", EID_TAG,
                                                   {"200": ok(ref("EIDAccount")), **errors(400, 401, 403, 404, 409, 413)}, params=[NUMBER],
                                                   body="EIDUnlock")},
})
schemas["ResidenceCard"] = obj({"number": STR, "kind": {"type": "string", "enum": ["permanent", "temporary"]}, "name": STR,
                               "sex": {"type": "string", "enum": ["male", "female"]}, "dateOfBirth": DATE, "nationality": STR,
                               "validUntil": DATE, "issuedBy": STR, "wardCode": STR},
                              ["number", "kind", "name", "sex", "dateOfBirth", "nationality", "validUntil", "issuedBy", "wardCode"])
schemas["ForeignerRegistration"] = obj({"residenceCard": ref("ResidenceCard"), "level": {"type": "integer", "enum": [1, 2]}, "phone": STR,
                                        "email": STR, "password": STR}, ["residenceCard", "level", "password"])
paths["/v1/eid/foreigners"] = {"post": op("Register a foreigner's eID account on a residence card (province and central police, purpose citizen-request)",
                                          EID_TAG, {"201": ok(obj({"account": ref("EIDAccount"), "residenceCard": ref("ResidenceCard")},
                                                                  ["account", "residenceCard"]), "registered"),
                                                    **errors(400, 401, 403, 409, 413, 422)}, body="ForeignerRegistration")}
CARDNUMBER = {"name": "cardNumber", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 20}}
FOREIGNER_ACCOUNT = obj({"account": ref("EIDAccount"), "residenceCard": ref("ResidenceCard")}, ["account", "residenceCard"])
paths["/v1/eid/foreigners/{cardNumber}"] = {"get": op("A foreigner's eID account and residence card", EID_TAG,
                                                      {"200": ok(FOREIGNER_ACCOUNT), **errors(*READ)}, params=[CARDNUMBER])}
paths["/v1/eid/foreigners/{cardNumber}/lock"] = {"post": op("Lock a foreigner's account (citizen-request or law-enforcement)", EID_TAG,
                                                            {"200": ok(ref("EIDAccount")), **errors(400, 401, 403, 404, 413)}, params=[CARDNUMBER],
                                                            body="EIDLock")}
paths["/v1/eid/foreigners/{cardNumber}/unlock"] = {"post": op("Unlock a foreigner's account", EID_TAG,
                                                              {"200": ok(ref("EIDAccount")), **errors(400, 401, 403, 404, 409, 413)},
                                                              params=[CARDNUMBER], body="EIDUnlock")}
paths["/me/api/residence-card"] = {"get": me_op("A foreigner's residence card as the account holds it (404 for citizens)",
                                                {"200": ok(ref("ResidenceCard")), **errors(401, 404)})}
schemas["CodeRequest"] = obj({"personalNumber": STR, "phone": STR, "email": STR}, ["personalNumber"])
schemas["OnlineRegistration"] = obj({"personalNumber": STR, "phone": STR, "email": STR, "code": STR, "password": STR,
                                     "face": {"type": "string", "description": "a JPEG of the face, standard base64"}},
                                    ["personalNumber", "code", "password", "face"])
def public_op(summary, responses, body):
    return {"summary": summary, "tags": ["eid"], "responses": responses, "x-dancu-personal-data": False, "security": [],
            "requestBody": {"required": True, "content": {"application/json": {"schema": ref(body)}}}}
paths["/eid/registration/code"] = {"post": public_op("Send a one-time code to the caller's phone or e-mail, for self-registration "
                                                     "(the same answer whoever the number is)",
                                                     {"202": ok(obj({"status": STR, "expiresIn": INT}, ["status", "expiresIn"]), "queued"),
                                                      **errors(400, 413, 422)}, "CodeRequest")}
paths["/eid/registration"] = {"post": public_op("Register a level-1 account: the code, a password and a face that matches the register's photo",
                                                {"201": ok(ref("EIDAccount"), "registered"), **errors(400, 409, 413, 422)}, "OnlineRegistration")}
schemas["EIDRegistration"] = obj({"level": {"type": "integer", "enum": [1, 2]}, "phone": STR, "email": STR, "password": STR}, ["level", "password"])
schemas["EIDLevelChange"] = obj({"level": {"type": "integer", "enum": [2]}}, ["level"])
schemas["EIDLock"] = obj({"reason": {"type": "string", "minLength": 1, "maxLength": 500}}, ["reason"])
schemas["EIDUnlock"] = obj({}, [])

# Relying-party administration (administrators, no purpose).
schemas["RelyingPartyApplication"] = obj({"clientId": STR, "name": STR, "redirectURIs": arr(STR), "scopes": STR, "purposes": arr(STR),
                                          "legalBasis": STR, "authentication": {"type": "string", "enum": ["private_key_jwt", "client_secret_basic"]},
                                          "subject": {"type": "string", "enum": ["pairwise", "personal-number"]}, "jwks": STR,
                                          "requireDPoP": {"type": "boolean"}},
                                         ["clientId", "name", "redirectURIs", "scopes", "purposes", "legalBasis", "authentication"])
schemas["RelyingParty"] = obj({"clientId": STR, "name": STR, "redirectURIs": arr(STR), "allowedScopes": arr(STR), "purposes": arr(STR),
                               "legalBasis": STR, "subjectKind": STR, "authentication": STR, "sector": STR, "dpopBoundAccessTokens": {"type": "boolean"}},
                              ["clientId", "name", "redirectURIs", "allowedScopes", "purposes", "legalBasis", "subjectKind", "authentication", "sector"])
ADMIN = (400, 401, 403)
paths.update({
    "/v1/relying-parties": {
        "post": op("Register a relying party (administrators); answers the client secret once for client_secret_basic", "administration",
                   {"201": ok(obj({"client": ref("RelyingParty"), "clientSecret": STR}, ["client"]), "registered"), **errors(400, 401, 403, 409, 413, 422)},
                   body="RelyingPartyApplication", personal=False),
        "get": op("The registered relying parties (administrators)", "administration", {"200": ok(items(ref("RelyingParty"))), **errors(*ADMIN)},
                  personal=False)},
    "/v1/relying-parties/{clientId}": {
        "get": op("One relying party's registration (administrators)", "administration", {"200": ok(ref("RelyingParty")), **errors(400, 401, 403, 404)},
                  params=[{"name": "clientId", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 64}}],
                  personal=False)},
})

# Every JSON body is refused with 415 when sent as another media type (or none).
for operations in paths.values():
    for operation in operations.values():
        if "application/json" in operation.get("requestBody", {}).get("content", {}):
            operation["responses"].setdefault("415", problem("the body is not application/json"))
# Sign-in forms need the token of the page they came from (login CSRF): without it, the page again with 403.
for path in ["/oidc/login", "/me/login", "/me/unlock"]:
    paths[path]["post"]["responses"]["403"] = html("the sign-in page again: the form's token is not the page's (login CSRF)")
    form_schema = paths[path]["post"].get("requestBody", {}).get("content", {}).get("application/x-www-form-urlencoded", {}).get("schema")
    if form_schema and "properties" in form_schema:
        form_schema["properties"]["csrf"] = {"type": "string", "description": "the token of the sign-in page (equal to its dancu_pre cookie)"}

doc = {
    "openapi": "3.1.0",
    "info": {"title": "DanCu API", "version": "1.0.0",
             "description": "The national population register over HTTP. Every request that touches a person passes the access gate: "
                            "it needs a bearer token and a DanCu-Purpose header, and leaves an access-log entry."},
    "servers": [{"url": "http://127.0.0.1:8080"}],
    "security": [{"bearer": []}],
    "paths": paths,
    "components": {"schemas": schemas,
                   "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "from POST /v1/auth/login"},
                                       "clientBasic": {"type": "http", "scheme": "basic", "description": "client_secret_basic; or client_assertion in the form (private_key_jwt)"},
                                       "accessToken": {"type": "http", "scheme": "bearer", "description": "an access token from /oidc/token"},
                                       "dpopToken": {"type": "http", "scheme": "dpop", "description": "a DPoP-bound access token, with a DPoP proof header"},
                                       "citizenSession": {"type": "http", "scheme": "bearer", "description": "a citizen's session from POST /me/api/session"}}},
}

out = os.path.join(os.path.dirname(__file__), "..", "Sources", "DanCuWeb", "Resources", "openapi.json")
with open(out, "w") as f:
    json.dump(doc, f, indent=1, ensure_ascii=False, sort_keys=False)
    f.write("\n")
print("wrote", os.path.normpath(out), len(paths), "paths")
