import Crypto
import DanCuAccess
import DanCuApp
import DanCuCore
import DanCuExchange
import Foundation

/// The demo's member systems: social insurance, the tax administration and a bank, each with one
/// subsystem, an Ed25519 key whose private half is written to `<data>/exchange/` (PKCS#8 PEM, owner
/// only) for the README's tour and the reference member system, and grants under laws whose numbers
/// the domain facts confirm (articles are left for an installation's lawyers).
enum DemoExchange {
    struct Demo {
        let member: MemberSystem
        /// Each subsystem with its grants.
        let subsystems: [(code: String, grants: [Grant])]
    }

    typealias Grant = (ExchangeService, [String], Purpose, String)

    static let identityLaw = "26/2023/QH15"
    static let dataProtectionLaw = "91/2025/QH15"

    /// What a member system deciding a public-service step reads of the people the application names.
    static let caseFields = ["personalNumber", "name", "dateOfBirth", "sex", "permanentResidence", "vitalStatus", "father", "mother"]

    static func demos() throws -> [Demo] {
        [
            Demo(
                member: try MemberSystem(code: "BHXH", nameVietnamese: "Bảo hiểm xã hội Việt Nam", nameEnglish: "Viet Nam Social Security", kind: "ministry"),
                subsystems: [
                    (
                        "GIAM-DINH",
                        [
                            (.verify, ["name", "dateOfBirth", "sex", "vitalStatus"], .socialInsurance, identityLaw),
                            (.personData, ["name", "dateOfBirth", "sex", "permanentResidence", "vitalStatus"], .socialInsurance, identityLaw),
                            (.events, ["name", "dateOfBirth", "vitalStatus"], .socialInsurance, identityLaw),
                        ]
                    ),
                    // Procedure 17's card for a newborn, and procedure 18's funeral allowance.
                    (
                        "THE-BHYT",
                        [
                            (.serviceCases, caseFields, .publicService, identityLaw),
                            (.linkedRecordsWrite, ["health-insurance-card"], .publicService, identityLaw),
                        ]
                    ),
                    ("MAI-TANG", [(.serviceCases, caseFields, .publicService, identityLaw)]),
                ]),
            Demo(
                member: try MemberSystem(code: "THUE", nameVietnamese: "Cục Thuế", nameEnglish: "Tax Department", kind: "ministry"),
                subsystems: [
                    (
                        "TRA-CUU",
                        [
                            (.verify, ["name", "dateOfBirth", "vitalStatus"], .taxAdministration, identityLaw),
                            (.personData, ["name", "dateOfBirth", "permanentResidence"], .taxAdministration, identityLaw),
                        ]
                    ),
                    // Procedure 21: the first tax registration gives a tax code.
                    (
                        "DANG-KY-THUE",
                        [(.serviceCases, caseFields, .publicService, identityLaw), (.linkedRecordsWrite, ["tax-code"], .publicService, identityLaw)]
                    ),
                ]),
            Demo(
                member: try MemberSystem(
                    code: "LAO-DONG", nameVietnamese: "Bộ Nội vụ (lao động, việc làm)", nameEnglish: "Ministry of Home Affairs (labour)", kind: "ministry"),
                // Procedure 25: unemployment benefit.
                subsystems: [("TRO-CAP-THAT-NGHIEP", [(.serviceCases, caseFields, .publicService, identityLaw)])]),
            Demo(
                member: try MemberSystem(code: "VCB", nameVietnamese: "Ngân hàng TMCP Ngoại thương Việt Nam", nameEnglish: "Vietcombank", kind: "bank"),
                subsystems: [
                    (
                        "KYC",
                        [
                            (.verify, ["name", "dateOfBirth", "legacyIdNumber", "cardNumber", "vitalStatus"], .customerDueDiligence, dataProtectionLaw),
                            (.personData, ["name", "dateOfBirth", "permanentResidence"], .customerDueDiligence, dataProtectionLaw),
                        ]
                    )
                ]),
        ]
    }

    /// Registers the demo members with their keys and grants; returns a line per member for the demo's credentials file.
    static func register(_ platform: Platform, by actor: String) async throws -> [String] {
        guard let gateway = platform.exchange else { return [] }
        try await gateway.grants.add(
            try LegalDocument(code: identityLaw, title: "Luật Căn cước", validFrom: try LocalDate(iso: "2024-07-01")), by: actor)
        try await gateway.grants.add(
            try LegalDocument(code: dataProtectionLaw, title: "Luật Bảo vệ dữ liệu cá nhân", validFrom: try LocalDate(iso: "2026-01-01")), by: actor)
        let directory = platform.configuration.dataDirectory + "/exchange"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var lines: [String] = []
        for demo in try demos() {
            try await gateway.members.add(demo.member, by: actor)
            for (code, grants) in demo.subsystems {
                let subsystem = try Subsystem(member: demo.member.code, code: code)
                try await gateway.members.add(subsystem, by: actor)
                let key = Curve25519.Signing.PrivateKey()
                let keyId = "\(demo.member.code)-\(code)-demo".lowercased()
                try await gateway.members.add(keys: [.init(keyId: keyId, key: .ed25519(key.publicKey))], to: subsystem, by: actor)
                for (service, fields, purpose, law) in grants {
                    try await gateway.grants.grant(subsystem, service: service, fields: fields, purpose: purpose, legalBasis: law, by: actor)
                }
                let base = "\(directory)/\(keyId)"
                try write(pkcs8PEM(key), to: base + ".pem")
                let jwk = MemberKeyJWK.jwk(of: .ed25519(key.publicKey), keyId: keyId)
                try write(
                    String(decoding: try JSONSerialization.data(withJSONObject: ["keys": [jwk]], options: [.sortedKeys]), as: UTF8.self),
                    to: base + ".jwks.json")
                lines.append("\(subsystem.identifier) key \(keyId) private key \(base).pem (\(demo.member.kind.rawValue))")
            }
        }
        return lines
    }

    /// An Ed25519 private key as PKCS#8 PEM (RFC 8410): a fixed DER prefix, then the 32-byte seed.
    static func pkcs8PEM(_ key: Curve25519.Signing.PrivateKey) -> String {
        let der = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20] + Array(key.rawRepresentation)
        return "-----BEGIN PRIVATE KEY-----\n" + Data(der).base64EncodedString() + "\n-----END PRIVATE KEY-----\n"
    }

    static func write(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
