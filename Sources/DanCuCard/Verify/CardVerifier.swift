import Crypto
public import DanCuAccess
public import DanCuCore
import DanCuRegister
import DanCuStore
public import Foundation
import X509

/// What a relying party sends when a customer taps their card: EF.SOD and the data groups read from
/// the chip, and, if the reader ran active authentication, its challenge and the chip's signature.
public struct CardVerificationRequest: Sendable {
    public let sod: [UInt8]
    public let dataGroups: [Int: [UInt8]]
    public let challenge: [UInt8]?
    public let signature: [UInt8]?

    public init(sod: [UInt8], dataGroups: [Int: [UInt8]], challenge: [UInt8]? = nil, signature: [UInt8]? = nil) {
        self.sod = sod
        self.dataGroups = dataGroups
        self.challenge = challenge
        self.signature = signature
    }
}

/// The verification service (DanCu's answer to "is this card real, valid and still true?"): passive
/// authentication, active authentication when asked, the card's status in the register, and whether
/// DG1 and DG13 still say what the register says. The verdict lists every check and is signed.
public struct CardVerifier: Sendable {
    let office: CardOffice
    let trustedCSCAs: [Certificate]
    let verdicts: VerdictSigner

    public init(office: CardOffice, now: Date = Date()) throws {
        self.office = office
        trustedCSCAs = [try office.keys.csca().certificate]
        verdicts = try VerdictSigner(signer: try office.keys.verdictSigner(now: now), csca: try office.keys.csca())
    }

    /// Refuses with `CardError.invalid` what is not a card at all (an EF.SOD that does not parse, no
    /// DG1, data groups the LDS does not have); everything else gets a verdict. The grant is one for
    /// verifying any card (`Need.cardVerification`); the holder the register finds gets its entry.
    public func verify(_ request: CardVerificationRequest, grant: AccessGrant, on given: LocalDate? = nil) async throws -> SignedVerdict {
        let day = given ?? office.clock.today()
        let sod: ParsedSecurityObject
        do { sod = try ParsedSecurityObject(bytes: request.sod) } catch {
            throw CardError.invalid([RuleViolation(field: "sod", rule: "structure", detail: error.description)])
        }
        guard request.dataGroups[1] != nil else {
            throw CardError.invalid([RuleViolation(field: "dataGroups.1", rule: "required", detail: "DG1 (the MRZ) is required")])
        }
        if let unknown = request.dataGroups.keys.first(where: { !(1...16).contains($0) }) {
            throw CardError.invalid([RuleViolation(field: "dataGroups.\(unknown)", rule: "unknown", detail: "data groups are numbered 1 to 16")])
        }
        var checks =
            [VerificationCheck.pass("sod.structure")]
            + PassiveAuthentication.verify(sod, dataGroups: request.dataGroups, trustedCSCAs: trustedCSCAs)
        if request.challenge != nil || request.signature != nil {
            if let dg15 = request.dataGroups[15], let challenge = request.challenge, let signature = request.signature {
                checks.append(ActiveAuthentication.verify(dg15: dg15, challenge: challenge, signature: signature))
            } else {
                checks.append(.fail("activeAuthentication", "active authentication needs DG15, the challenge and the chip's signature"))
            }
        }
        let found = try await office.standing(sodDigest: ChipFiles.digest(request.sod), grant: grant)
        let signedFilesIntact = checks.allSatisfy(\.passed)
        checks += Self.registerChecks(
            found, dataGroups: request.dataGroups, signedFilesIntact: signedFilesIntact, day: day,
            reference: office.reference)
        let verdict = CardVerdict(
            verdictId: UUID().uuidString.lowercased(), checkedAt: WallClock.iso(micros: office.clock.nowMicros()),
            valid: checks.allSatisfy(\.passed), cardId: found?.cardId,
            personalNumber: found?.personalNumber.rawValue, checks: checks)
        let signed = try verdicts.sign(verdict)
        if let holder = found?.personalNumber { try await grant.logRead(of: holder.rawValue) }
        return signed
    }

    /// The card's status, and DG1 and DG13 against the holder's record as it is now. When the chip's
    /// signed files are intact and the holder's record has not changed since the chip was made from it,
    /// the files are the register's data by construction, and the field-by-field comparison is skipped.
    static func registerChecks(
        _ found: CardStanding?, dataGroups: [Int: [UInt8]], signedFilesIntact: Bool, day: LocalDate,
        reference: ReferenceData
    ) -> [VerificationCheck] {
        guard let card = found else {
            return [.fail("card.status", "no card of this register has this chip's security object")]
        }
        let holder = card.holder.person
        let issuedOn = card.issuedOn
        var checks: [VerificationCheck] = []
        if !card.status.isValid {
            checks.append(.fail("card.status", "the card is \(card.status.rawValue)"))
        } else if let expiry = card.expiresOn, day > expiry {
            checks.append(.fail("card.status", "the card expired on \(expiry)"))
        } else if !holder.isAlive {
            checks.append(.fail("card.status", "the register records the holder as \(holder.vitalStatus.label)"))
        } else {
            checks.append(.pass("card.status"))
        }
        if signedFilesIntact, card.madeFromVersion == card.holder.version {
            checks.append(.pass("register.dg1"))
            if dataGroups[13] != nil { checks.append(.pass("register.dg13")) }
            return checks
        }
        let expected = CardData(person: holder, issuedOn: issuedOn, reference: reference)
        checks.append(RegisterMatch.dg1(dataGroups[1], expected: expected.mrz))
        if let dg13 = dataGroups[13] { checks.append(RegisterMatch.dg13(dg13, expected: expected.dg13)) }
        return checks
    }

}

/// Whether what the chip says is still what the register says.
enum RegisterMatch {
    static func dg1(_ bytes: [UInt8]?, expected: CardMRZ) -> VerificationCheck {
        let name = "register.dg1"
        guard let bytes else { return .fail(name, "DG1 was not sent") }
        let mrz: CardMRZ
        do { mrz = try DataGroup1(bytes: bytes).mrz } catch { return .fail(name, "DG1 does not parse: \(error.description)") }
        var differ: [String] = []
        if mrz.personalNumber != expected.personalNumber { differ.append("personalNumber") }
        if mrz.familyName != expected.familyName || mrz.givenNames != expected.givenNames { differ.append("name") }
        if mrz.dateOfBirth != expected.dateOfBirth { differ.append("dateOfBirth") }
        if mrz.sex != expected.sex { differ.append("sex") }
        if mrz.expiry != expected.expiry { differ.append("expiry") }
        return differ.isEmpty ? .pass(name) : .fail(name, "the register now says otherwise: " + differ.joined(separator: ", "))
    }

    /// Identity fields must match. Residence, spouse and the old CMND number may change without making
    /// the card false (the card is renewed at the holder's pace); a difference there is noted, not failed.
    static func dg13(_ bytes: [UInt8], expected: DataGroup13) -> VerificationCheck {
        let name = "register.dg13"
        let dg13: DataGroup13
        do { dg13 = try DataGroup13(bytes: bytes) } catch { return .fail(name, "DG13 does not parse: \(error.description)") }
        let identity: [(String, String, String)] = [
            ("personalNumber", dg13.personalNumber, expected.personalNumber), ("fullName", dg13.fullName, expected.fullName),
            ("dateOfBirth", dg13.dateOfBirth, expected.dateOfBirth), ("sex", dg13.sex, expected.sex),
            ("nationality", dg13.nationality, expected.nationality), ("ethnicity", dg13.ethnicity, expected.ethnicity),
            ("religion", dg13.religion, expected.religion), ("placeOfOrigin", dg13.placeOfOrigin, expected.placeOfOrigin),
            ("fatherName", dg13.fatherName, expected.fatherName), ("motherName", dg13.motherName, expected.motherName),
            ("issuedOn", dg13.issuedOn, expected.issuedOn), ("expiresOn", dg13.expiresOn, expected.expiresOn),
        ]
        let differ = identity.filter { $0.1 != $0.2 }.map(\.0)
        guard differ.isEmpty else { return .fail(name, "the register now says otherwise: " + differ.joined(separator: ", ")) }
        let noted = [
            ("residence", dg13.residence == expected.residence), ("spouseName", dg13.spouseName == expected.spouseName),
            ("legacyIdNumber", dg13.legacyIdNumber == expected.legacyIdNumber),
        ].filter { !$0.1 }.map(\.0)
        return .pass(name, note: noted.isEmpty ? nil : "changed since issue, not identity fields: " + noted.joined(separator: ", "))
    }
}
