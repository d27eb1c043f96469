import DanCuCard
import Foundation
import Testing

@Suite struct CardKeyStoreTests {
    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("dancu-keys-\(UUID().uuidString)").path
    }

    @Test func keysSurviveAReopenAndSignCardsThatVerify() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try CardKeyStore(dataDirectory: dir, environment: [:])
        #expect(throws: CardKeyStore.KeyStoreError.noCSCA) { try store.csca() }
        _ = try store.initCSCA()
        #expect(throws: CardKeyStore.KeyStoreError.cscaExists) { try store.initCSCA() }
        let now = Date()
        _ = try store.issueDocumentSigner(days: 90, now: now.addingTimeInterval(-100 * 86_400))  // already expired
        let current = try store.issueDocumentSigner(days: 90, now: now.addingTimeInterval(-60))

        let reopened = try CardKeyStore(dataDirectory: dir, environment: [:])
        #expect(try reopened.documentSigners().count == 2)
        let ds = try reopened.documentSigner(at: now)
        #expect(ds.certificate == current.certificate)
        let groups = [1: DataGroup1(mrz: try CardMRZ(parsing: CardMRZTests.sample.joined())).bytes]
        let sod = try SecurityObject.sign(dataGroups: groups, signer: ds, signingTime: now)
        let checks = PassiveAuthentication.verify(sod: sod, dataGroups: groups, trustedCSCAs: [try reopened.csca().certificate])
        #expect(checks.allSatisfy { $0.passed }, "\(checks)")
        // Private keys are not on disk in the clear, and the master key file is the owner's only.
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/keys")
        #expect(files.contains("csca.key.sealed") && !files.contains { $0.hasSuffix(".pem") })
        let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/keys/master.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func anotherMasterKeyOrAnAlteredFileDoesNotOpen() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let master = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let store = try CardKeyStore(dataDirectory: dir, environment: ["DANCU_MASTER_KEY": master])
        _ = try store.initCSCA()
        let other = try CardKeyStore(dataDirectory: dir, environment: ["DANCU_MASTER_KEY": Data(repeating: 7, count: 32).base64EncodedString()])
        #expect(throws: CardKeyStore.KeyStoreError.self) { try other.csca() }
        let sealed = URL(fileURLWithPath: dir + "/keys/csca.key.sealed")
        var bytes = [UInt8](try Data(contentsOf: sealed))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: sealed)
        #expect(throws: CardKeyStore.KeyStoreError.self) { try store.csca() }
        #expect(throws: CardKeyStore.KeyStoreError.self) {
            try CardKeyStore(dataDirectory: dir, environment: ["DANCU_MASTER_KEY": "too short"])
        }
    }
}
