import DanCuAccess
import DanCuCore
import DanCuExchange
import Testing

/// Deny by default, judged purely: each missing piece is named, and a law that ended yesterday grants
/// nothing today.
@Suite struct ExchangePolicyTests {
    static let sub = try! Subsystem(member: "BHXH", code: "GIAM-DINH")
    static let law = try! LegalDocument(
        code: "41/2024/QH15", title: "Luật Bảo hiểm xã hội", article: "Điều 10", validFrom: try! LocalDate(iso: "2025-07-01"),
        validTo: try! LocalDate(iso: "2026-12-31"))
    static let grants = [
        ExchangeGrant(
            id: 1, subsystem: sub, service: .verify, fields: ["name", "dateOfBirth", "vitalStatus"], purpose: .socialInsurance, legalBasis: law.code),
        ExchangeGrant(
            id: 2, subsystem: sub, service: .personData, fields: ["name", "dateOfBirth", "permanentResidence"], purpose: .socialInsurance,
            legalBasis: law.code),
    ]

    static func ask(
        _ service: ExchangeService = .personData, fields: [String] = ["name"], purpose: Purpose = .socialInsurance, law: String = law.code,
        on day: String = "2026-12-03", subsystem: Subsystem = sub
    ) throws -> ExchangePolicy.Decision {
        ExchangePolicy.decide(
            .init(subsystem: subsystem, service: service, fields: fields, purpose: purpose, legalBasis: law, day: try LocalDate(iso: day)),
            grants: grants, documents: [Self.law.code: Self.law])
    }

    @Test func whatIsGrantedIsAllowedWithItsGrantAndDocument() throws {
        #expect(try Self.ask(fields: ["name", "permanentResidence"]) == .granted(Self.grants[1], Self.law))
        #expect(try Self.ask(.verify, fields: ["name", "vitalStatus"]) == .granted(Self.grants[0], Self.law))
        // The last day of the law still grants.
        #expect(try Self.ask(on: "2026-12-31") == .granted(Self.grants[1], Self.law))
    }

    @Test func eachMissingPieceIsNamed() throws {
        let other = try Subsystem(member: "VCB", code: "KYC")
        #expect(try Self.ask(subsystem: other) == .refused("the service person-data is not granted to VCB/KYC"))
        #expect(try Self.ask(purpose: .taxAdministration) == .refused("the purpose tax-administration is not granted to BHXH/GIAM-DINH for person-data"))
        #expect(
            try Self.ask(law: "58/2014/QH13")
                == .refused("the legal basis 58/2014/QH13 is not granted to BHXH/GIAM-DINH for person-data; granted: 41/2024/QH15"))
        #expect(
            try Self.ask(fields: ["name", "phone"]) == .refused("the field phone is not granted to BHXH/GIAM-DINH for person-data and social-insurance"))
        #expect(try Self.ask(.verify, fields: ["sex"]) == .refused("the field sex is not granted to BHXH/GIAM-DINH for verify and social-insurance"))
    }

    @Test func aLawOutOfForceGrantsNothing() throws {
        #expect(try Self.ask(on: "2027-01-01") == .refused("the legal basis 41/2024/QH15 expired on 2026-12-31"))
        #expect(try Self.ask(on: "2025-06-30") == .refused("the legal basis 41/2024/QH15 is in force only from 2025-07-01"))
    }

    @Test func badGrantsAndDocumentsAreRefusedNamingTheField() throws {
        #expect(throws: RuleViolations.self) { try ExchangeGrant.check(service: .verify, fields: ["phone"]) }
        do {
            try ExchangeGrant.check(service: .personData, fields: ["name", "salary"])
            Issue.record("an unknown field was granted")
        } catch {
            #expect(error.violations.map(\.field) == ["fields[1]"])
        }
        let from = try LocalDate(iso: "2025-01-01")
        let to = try LocalDate(iso: "2024-01-01")
        do {
            _ = try LegalDocument(code: "bad code", title: "", validFrom: from, validTo: to)
            Issue.record("a bad document was accepted")
        } catch {
            #expect(error.violations.map(\.field) == ["code", "title", "validTo"])
        }
    }
}

/// Verification's comparisons: folded names, partial dates, exact numbers.
@Suite struct VerificationTests {
    static let person = Person(
        personalNumber: try! PersonalNumber("001080000101"), name: try! VietnameseName("Nguyễn Văn An"),
        dateOfBirth: try! PartialDate(iso: "1950-07"), sex: .male, legacyIdNumber: "012345678",
        identityDocuments: [
            IdentityDocumentRecord(kind: .identityCard, number: "001080000101", issuedOn: try! LocalDate(iso: "2024-08-01"), issuedBy: "C06")
        ])

    @Test func namesFoldDatesUnderstandPrecisionNumbersAreExact() throws {
        var q = VerifyQuestion(personalNumber: Self.person.personalNumber, name: "NGUYEN  van AN", dateOfBirth: try PartialDate(iso: "1950"))
        var answer = Verification.answer(q, person: Self.person)
        #expect(answer.fields == ["name": .match, "dateOfBirth": .match] && answer.alive == true && answer.matches)
        q.dateOfBirth = try PartialDate(iso: "1950-07-12")
        q.legacyIdNumber = "012345679"
        q.cardNumber = "001080000101"
        q.sex = .female
        answer = Verification.answer(q, person: Self.person)
        #expect(answer.fields == ["name": .match, "dateOfBirth": .partialMatch, "legacyIdNumber": .noMatch, "cardNumber": .match, "sex": .noMatch])
        #expect(!answer.matches)
        q = VerifyQuestion(personalNumber: Self.person.personalNumber, dateOfBirth: try PartialDate(iso: "1950-08"))
        #expect(Verification.answer(q, person: Self.person).fields == ["dateOfBirth": .noMatch])
        q.name = "Nguyễn Văn Ân"
        #expect(Verification.answer(q, person: Self.person).fields["name"] == .match)
        q.name = "Nguyễn Văn Anh"
        #expect(Verification.answer(q, person: Self.person).fields["name"] == .noMatch)
    }

    @Test func anUnknownNumberMatchesNothingAndSaysNothingOfLife() throws {
        let q = VerifyQuestion(personalNumber: try PersonalNumber("001080999999"), name: "Nguyễn Văn An")
        let answer = Verification.answer(q, person: nil)
        #expect(answer == VerifyAnswer(personalNumber: .noMatch, fields: ["name": .noMatch], alive: nil))
    }
}
