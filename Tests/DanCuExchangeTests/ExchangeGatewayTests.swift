import Crypto
import DanCuAccess
import DanCuCard
import DanCuCore
import DanCuExchange
import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Foundation
import Testing

/// The gateway below HTTP, on both backends: the signature checks, each with its own reason, and the
/// reads through the gate, refused for what is not granted, with every decision in the access log.
@Suite struct ExchangeGatewayTests {
    static func with(_ backend: Backend, _ body: (GateFixture, ExchangeGateway) async throws -> Void) async throws {
        try await GateFixture.with(backend) { fixture in
            let store = fixture.register.store
            let members = MemberRegistry(store: store, clock: fixture.gate.clock)
            try await members.migrate()
            let gateway = ExchangeGateway(
                gate: fixture.gate, members: members, store: store, vault: fixture.cards.keys.vault(purpose: "exchange signing keys"),
                units: fixture.register.reference.units, cards: fixture.cardDesk, logStore: fixture.logStore)
            try await gateway.prepareLogs()
            try await gateway.prepare()
            try await body(fixture, gateway)
        }
    }

    static let target = "http://dancu.test/x/v1/verify"
    static let body = Array(#"{"personalNumber":"001080000101","name":"Nguyen Van An"}"#.utf8)

    static func message(_ fields: [(name: String, value: String)], method: String = "POST", target: String = target) -> HTTPMessage {
        HTTPMessage(.request(method: method, targetURI: target), fields: fields)
    }

    @Test(arguments: Backend.all) func eachFailedCheckHasItsOwnReason(backend: Backend) async throws {
        try await Self.with(backend) { fixture, gateway in
            let member = try await ExchangeMember.register(gateway)
            let good = try member.signedHeaders(method: "POST", targetURI: Self.target, body: Self.body, purpose: "social-insurance")
            let accepted = try await gateway.authenticate(Self.message(good), body: Self.body, requestId: "r1")
            #expect(accepted.caller.subsystem == member.subsystem && accepted.caller.purpose == "social-insurance")
            #expect(accepted.caller.legalBasis == ExchangeMember.insuranceLaw && accepted.caller.kind == .ministry)

            func refusal(_ fields: [(name: String, value: String)], body: [UInt8] = Self.body, target: String = Self.target) async -> ExchangeRefusal? {
                do {
                    _ = try await gateway.authenticate(Self.message(fields, target: target), body: body, requestId: "r")
                    return nil
                } catch let refusal as ExchangeRefusal {
                    return refusal
                } catch {
                    Issue.record("not a refusal: \(error)")
                    return nil
                }
            }
            // The same message again: its nonce was used.
            #expect(await refusal(good) == .nonceReplayed)
            let fresh = { try member.signedHeaders(method: "POST", targetURI: Self.target, body: Self.body, purpose: "social-insurance") }
            // Another body under the same digest; another digest under the same signature.
            #expect(await refusal(try fresh(), body: Array("{}".utf8)) == .digest(.mismatch(algorithm: "sha-256")))
            var swapped = try fresh()
            let index = try #require(swapped.firstIndex { $0.name == "Content-Digest" })
            swapped[index].value = ContentDigest.header(for: Array("{}".utf8))
            #expect(await refusal(swapped, body: Array("{}".utf8)) == .signature(.badSignature))
            #expect(await refusal(try fresh().filter { $0.name != "Content-Digest" }) == .missingDigest)
            // Another target than the one signed.
            #expect(await refusal(try fresh(), target: "http://dancu.test/x/v1/persons/001080000101") == .signature(.badSignature))
            // Signed by another key under this key's id.
            let forged = try member.signedHeaders(
                method: "POST", targetURI: Self.target, body: Self.body, purpose: "social-insurance", signingKey: Curve25519.Signing.PrivateKey())
            #expect(await refusal(forged) == .signature(.badSignature))
            let now = Int(Date().timeIntervalSince1970)
            let old = try member.signedHeaders(method: "POST", targetURI: Self.target, body: Self.body, purpose: "social-insurance", created: now - 120)
            guard case .signature(.tooOld) = await refusal(old) else {
                Issue.record("an old signature was not refused as old")
                return
            }
            // The purpose changed after signing.
            var changed = try fresh()
            let purpose = try #require(changed.firstIndex { $0.name == ExchangeHeaders.purpose })
            changed[purpose].value = "law-enforcement"
            #expect(await refusal(changed) == .signature(.badSignature))
            #expect(await refusal(try fresh().filter { !$0.name.hasPrefix("Signature") }) == .signature(.missingSignature))

            try await gateway.members.revoke(keyId: member.keyId, by: "admin")
            #expect(await refusal(try fresh()) == .keyRevoked(member.keyId))
            let bank = try await ExchangeMember.register(gateway, code: "VCB", subsystem: "KYC", kind: "bank")
            try await gateway.members.disable(member: "VCB", by: "admin")
            #expect(
                await refusal(try bank.signedHeaders(method: "POST", targetURI: Self.target, body: Self.body, purpose: "customer-due-diligence"))
                    == .memberDisabled("VCB/KYC"))
        }
    }

    @Test(arguments: Backend.all) func readsFollowTheGrantsAndEveryDecisionIsLogged(backend: Backend) async throws {
        try await Self.with(backend) { fixture, gateway in
            let member = try await ExchangeMember.register(gateway)
            let a1 = try fixture.number("a1")
            try await gateway.grants.grant(
                member.subsystem, service: .verify, fields: ["name", "dateOfBirth", "vitalStatus"], purpose: .socialInsurance,
                legalBasis: member.legalBasis, by: "admin")
            try await gateway.grants.grant(
                member.subsystem, service: .personData, fields: ["name", "dateOfBirth", "permanentResidence"], purpose: .socialInsurance,
                legalBasis: member.legalBasis, by: "admin")
            let caller = member.caller(purpose: "social-insurance")

            let answer = try await gateway.verify(
                VerifyQuestion(personalNumber: a1, name: "NGUYEN VAN AN", dateOfBirth: try PartialDate(iso: "1980-03")), for: caller)
            #expect(answer == VerifyAnswer(personalNumber: .match, fields: ["name": .match, "dateOfBirth": .match], alive: true))
            let unknown = try await gateway.verify(VerifyQuestion(personalNumber: try PersonalNumber("001080999999"), name: "A"), for: caller)
            #expect(unknown.personalNumber == .noMatch && unknown.alive == nil)

            let json = try await gateway.person(a1, fields: ["name", "permanentResidence"], for: caller)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["name", "permanentResidence"] && object["name"] as? String == "Nguyễn Văn An")

            // Each refusal names what is missing and leaves a denial naming the member.
            func refused(_ work: () async throws -> Void) async -> String? {
                do {
                    try await work()
                    return nil
                } catch let error as AccessError {
                    return error.description
                } catch {
                    return "\(error)"
                }
            }
            let before = try await fixture.accessLog().count
            #expect(await refused { _ = try await gateway.person(a1, fields: ["name", "phone"], for: caller) }?.contains("the field phone") == true)
            #expect(
                await refused { _ = try await gateway.person(a1, fields: ["name"], for: member.caller(purpose: "tax-administration")) }?
                    .contains("the purpose tax-administration") == true)
            #expect(
                await refused {
                    _ = try await gateway.person(a1, fields: ["name"], for: member.caller(purpose: "social-insurance", legalBasis: "1/2020/QH14"))
                }?
                .contains("the legal basis 1/2020/QH14") == true)
            let log = try await fixture.accessLog()
            #expect(log.count == before + 3)
            #expect(log.suffix(3).allSatisfy { $0.decision == "denied" && $0.actor == "member:BHXH/GIAM-DINH" && $0.role == "member-system" })
            let reads = log.filter { $0.decision == "allowed" && $0.actor == "member:BHXH/GIAM-DINH" }
            #expect(reads.map(\.action) == ["x-verify", "x-verify", "x-person-data"])

            // The law ends: the same request is refused from the next day on.
            try await gateway.grants.end(document: member.legalBasis, on: fixture.gate.clock.today().adding(days: -1), by: "admin")
            #expect(await refused { _ = try await gateway.person(a1, fields: ["name"], for: caller) }?.contains("expired on") == true)
        }
    }

    @Test(arguments: Backend.all) func aBankReadsOnlyWithTheCitizensConsent(backend: Backend) async throws {
        try await Self.with(backend) { fixture, gateway in
            let bank = try await ExchangeMember.register(gateway, code: "VCB", subsystem: "KYC", kind: "bank", legalBasis: "14/2022/QH15")
            try await gateway.grants.grant(
                bank.subsystem, service: .personData, fields: ["name", "dateOfBirth", "permanentResidence"], purpose: .customerDueDiligence,
                legalBasis: bank.legalBasis, by: "admin")
            let a1 = try fixture.number("a1")
            let a2 = try fixture.number("a2")
            func read(consent: String?, of number: PersonalNumber = a1, fields: [String] = ["name"]) async -> String {
                do {
                    return try await gateway.person(
                        number, fields: fields, for: bank.caller(purpose: "customer-due-diligence", consent: consent, kind: .bank))
                } catch {
                    return "refused: \(error)"
                }
            }
            #expect(await read(consent: nil).contains("only with the citizen's consent"))
            let consent = try await gateway.consents.give(
                subject: a1, member: "VCB", fields: ["name", "dateOfBirth"], purpose: .customerDueDiligence, days: 30)
            #expect(await read(consent: consent) == #"{"name":"Nguyễn Văn An"}"#)
            #expect(await read(consent: consent, fields: ["name", "permanentResidence"]).contains("does not cover the field permanentResidence"))
            // Another person's consent opens nothing, and says nothing of whose it is.
            #expect(await read(consent: consent, of: a2).contains("is not this person's consent"))
            #expect(try await gateway.consents.withdraw(consent, subject: a1))
            #expect(await read(consent: consent).contains("was withdrawn"))
            #expect(try await !gateway.consents.withdraw(consent, subject: a1))
        }
    }
}

/// The traffic counts the administrator's view and the daily open-data file are made of.
@Suite struct ExchangeTrafficTests {
    @Test(arguments: Backend.all) func messagesAreCountedPerMemberAndServiceForTheCivilDay(backend: Backend) async throws {
        try await ExchangeGatewayTests.with(backend) { fixture, gateway in
            let sub = try Subsystem(member: "BHXH", code: "GIAM-DINH")
            let day = try LocalDate(iso: "2026-12-02")
            let (from, to) = ExchangeTraffic.bounds(of: day)
            // 2026-12-02 00:00 in Hà Nội is 2026-12-01 17:00 UTC.
            #expect(from == 1_796_144_400_000_000 && to - from == 86_400_000_000)
            for (at, status, service, duration) in [
                (from, 200, "verify", Int64(1_000)), (from + 5, 200, "verify", 3_000), (from + 9, 403, "person-data", 500), (to, 200, "verify", 9_000),
            ] {
                try await gateway.messages.append(
                    .init(
                        at: at, requestId: "r\(at)", subsystem: sub, keyId: "k", method: "POST", target: "http://x/x/v1/verify", status: status,
                        outcome: "ok", requestBase: nil, requestSignature: nil, responseBase: nil, responseSignature: nil, service: service,
                        durationMicros: duration))
            }
            try await gateway.messages.append(
                .init(
                    at: from + 1, requestId: "anon", subsystem: nil, keyId: nil, method: "POST", target: "http://x/x/v1/verify", status: 401,
                    outcome: "signature", requestBase: nil, requestSignature: nil, responseBase: nil, responseSignature: nil, service: "verify"))
            let rows = try await gateway.traffic.rows(from: from, to: to)
            #expect(
                rows == [
                    .init(member: "BHXH", subsystem: "GIAM-DINH", service: "verify", requests: 2, refused: 0, meanMicros: 2_000, slowestMicros: 3_000),
                    .init(member: "-", subsystem: "-", service: "verify", requests: 1, refused: 1, meanMicros: 0, slowestMicros: 0),
                    .init(member: "BHXH", subsystem: "GIAM-DINH", service: "person-data", requests: 1, refused: 1, meanMicros: 500, slowestMicros: 500),
                ])
            let csv = ExchangeTraffic.csv(rows, day: day)
            #expect(csv.hasPrefix("day,member,subsystem,service,requests,refused,mean_ms,slowest_ms\n2026-12-02,BHXH,GIAM-DINH,verify,2,0,2.0,3.0\n"))
            #expect(!csv.contains("00108"))
        }
    }
}
