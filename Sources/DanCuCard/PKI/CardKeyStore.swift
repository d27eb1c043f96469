import Crypto
public import Foundation
import SwiftASN1
import X509

/// The card signing keys in the data directory: the CSCA and its Document Signers, each certificate in
/// DER beside its private key, which is sealed with AES-256-GCM under a master key. The master key comes
/// from `DANCU_MASTER_KEY` (base64 of 32 bytes) or, in development, from `keys/master.key`, made on first
/// use and readable only by its owner. Several Document Signers may be valid at once; each signs within
/// its own period.
public struct CardKeyStore: Sendable {
    public let directory: URL
    let masterKey: SymmetricKey

    public enum KeyStoreError: Error, Equatable, CustomStringConvertible {
        case noCSCA
        case cscaExists
        case noValidDocumentSigner
        case unreadable(String)

        public var description: String {
            switch self {
            case .noCSCA: "no CSCA yet: run `dancu keys csca init`"
            case .cscaExists: "a CSCA already exists; DanCu does not replace it"
            case .noValidDocumentSigner: "no Document Signer is valid now: run `dancu keys ds issue`"
            case .unreadable(let why): why
            }
        }
    }

    /// Opens (and on first use creates) the key directory under `dataDirectory`.
    public init(dataDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        directory = URL(fileURLWithPath: dataDirectory).appendingPathComponent("keys")
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        if let given = environment["DANCU_MASTER_KEY"] {
            guard let bytes = Data(base64Encoded: given), bytes.count == 32 else {
                throw KeyStoreError.unreadable("DANCU_MASTER_KEY must be the base64 of 32 bytes")
            }
            masterKey = SymmetricKey(data: bytes)
        } else {
            let file = directory.appendingPathComponent("master.key")
            if let bytes = try? Data(contentsOf: file) {
                guard bytes.count == 32 else { throw KeyStoreError.unreadable("\(file.path) does not hold 32 bytes") }
                masterKey = SymmetricKey(data: bytes)
            } else {
                let key = SymmetricKey(size: .bits256)
                let bytes = key.withUnsafeBytes { Data($0) }
                guard FileManager.default.createFile(atPath: file.path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
                    throw KeyStoreError.unreadable("cannot write \(file.path)")
                }
                masterKey = key
            }
        }
    }

    // MARK: CSCA and Document Signers

    public func initCSCA(commonName: String = "CSCA Việt Nam (DanCu)", years: Int = 15, now: Date = Date()) throws -> CardSigner {
        guard !FileManager.default.fileExists(atPath: file("csca.cer").path) else { throw KeyStoreError.cscaExists }
        let csca = try CardSigner.countrySigningCA(commonName: commonName, validFrom: now, years: years)
        try save(csca, as: "csca")
        return csca
    }

    public var hasCSCA: Bool { FileManager.default.fileExists(atPath: file("csca.cer").path) }

    public func csca() throws -> CardSigner {
        guard FileManager.default.fileExists(atPath: file("csca.cer").path) else { throw KeyStoreError.noCSCA }
        return try load("csca")
    }

    /// Issues a Document Signer valid from `now` for `days`.
    public func issueDocumentSigner(days: Int = 90, now: Date = Date()) throws -> CardSigner {
        let csca = try csca()
        let index = try documentSigners().count + 1
        let ds = try csca.issueDocumentSigner(
            commonName: "Document Signer \(index) (DanCu)", validFrom: now,
            validUntil: now.addingTimeInterval(Double(days) * 86_400))
        try save(ds, as: String(format: "ds-%04d", index))
        return ds
    }

    public func documentSigners() throws -> [CardSigner] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("ds-") && $0.hasSuffix(".cer") }.sorted()
        return try names.map { try load(String($0.dropLast(4))) }
    }

    /// The Document Signer to sign with at `date`: valid then, and the most recently issued of those.
    public func documentSigner(at date: Date = Date()) throws -> CardSigner {
        guard let ds = try documentSigners().last(where: { $0.certificate.notValidBefore <= date && date <= $0.certificate.notValidAfter }) else {
            throw KeyStoreError.noValidDocumentSigner
        }
        return ds
    }

    /// The key that signs the verification service's verdicts, certified by the CSCA so that a relying
    /// party checks a verdict against the same trust anchor as the card. Made on first use, renewed
    /// when it has less than a day left.
    public func verdictSigner(now: Date = Date()) throws -> CardSigner {
        if FileManager.default.fileExists(atPath: file("verdict-signer.cer").path) {
            let signer = try load("verdict-signer")
            if signer.certificate.notValidAfter > now.addingTimeInterval(86_400) { return signer }
        }
        let signer = try csca().issueDocumentSigner(
            commonName: "Card verification service (DanCu)", validFrom: now,
            validUntil: now.addingTimeInterval(365 * 86_400))
        try save(signer, as: "verdict-signer")
        return signer
    }

    // MARK: Files

    func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

    func save(_ signer: CardSigner, as name: String) throws {
        let sealed = try AES.GCM.seal(
            signer.privateKey.rawRepresentation, using: masterKey,
            authenticating: Data(name.utf8))
        guard let combined = sealed.combined else { throw KeyStoreError.unreadable("cannot seal the key of \(name)") }
        try Data(try signer.derCertificate()).write(to: file("\(name).cer"))
        guard
            FileManager.default.createFile(
                atPath: file("\(name).key.sealed").path, contents: combined,
                attributes: [.posixPermissions: 0o600])
        else {
            throw KeyStoreError.unreadable("cannot write the key of \(name)")
        }
    }

    func load(_ name: String) throws -> CardSigner {
        let certificate = try Certificate(derEncoded: [UInt8](try Data(contentsOf: file("\(name).cer"))))
        let sealed = try Data(contentsOf: file("\(name).key.sealed"))
        let raw: Data
        do {
            raw = try AES.GCM.open(try AES.GCM.SealedBox(combined: sealed), using: masterKey, authenticating: Data(name.utf8))
        } catch {
            throw KeyStoreError.unreadable("the key of \(name) does not open with this master key, or was altered")
        }
        let key = try P256.Signing.PrivateKey(rawRepresentation: raw)
        guard Certificate.PublicKey(key.publicKey) == certificate.publicKey else {
            throw KeyStoreError.unreadable("the key of \(name) does not belong to its certificate")
        }
        return CardSigner(certificate: certificate, privateKey: key)
    }
}
