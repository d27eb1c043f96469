import DanCuApp
import DanCuRegister
import DanCuStore
import Foundation
import Testing

/// A backup set: the databases and the data directory's files with their checksums; the master key left
/// out unless asked for; a restore that checks every file before writing any, and never overwrites.
@Suite struct BackupTests {
    struct Installation {
        let root: URL
        var configuration: AppConfiguration { AppConfiguration(dataDirectory: root.appendingPathComponent("dancu-data").path, port: 0, bcryptCost: 4) }
        var data: URL { root.appendingPathComponent("dancu-data") }
    }

    func installation() async throws -> Installation {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dancu-backup-\(UUID().uuidString)")
        let installation = Installation(root: root)
        let data = installation.data
        try FileManager.default.createDirectory(at: data.appendingPathComponent("keys"), withIntermediateDirectories: true)
        let platform = try await Platform.open(installation.configuration)
        await platform.close()
        try Data(repeating: 7, count: 32).write(to: data.appendingPathComponent("keys/master.key"))
        try Data("sealed".utf8).write(to: data.appendingPathComponent("keys/csca.key.sealed"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: data.appendingPathComponent("keys/csca.key.sealed").path)
        return installation
    }

    @Test func theMasterKeyStaysOutAndTheRestoreAsksForIt() async throws {
        let original = try await installation()
        defer { try? FileManager.default.removeItem(at: original.root) }
        let backup = original.root.appendingPathComponent("backup").path
        let manifest = try Backup.make(original.configuration, into: backup, withMasterKey: false)
        #expect(!manifest.masterKeyIncluded)
        #expect(manifest.database == "sqlite")
        #expect(
            Set(manifest.files.map(\.path)).isSuperset(of: [
                "databases/register.sqlite", "databases/access-log.sqlite", "databases/attachments.sqlite", "files/keys/csca.key.sealed",
            ]))
        #expect(!manifest.files.contains { $0.path.contains("master.key") || $0.path.hasSuffix("-wal") || $0.path.hasPrefix("files/dancu") })
        #expect(manifest.files.first { $0.path == "files/keys/csca.key.sealed" }?.mode == 0o600)
        #expect(throws: BackupError.self) { try Backup.make(original.configuration, into: backup, withMasterKey: false) }

        let target = Installation(root: original.root.appendingPathComponent("target"))
        #expect(throws: BackupError.self) { try Backup.restore(from: backup, into: target.configuration, masterKey: nil, environment: [:]) }
        #expect(!FileManager.default.fileExists(atPath: target.data.appendingPathComponent("dancu.sqlite").path))

        _ = try Backup.restore(
            from: backup, into: target.configuration, masterKey: original.data.appendingPathComponent("keys/master.key").path, environment: [:])
        #expect(FileManager.default.contents(atPath: target.data.appendingPathComponent("keys/master.key").path) == Data(repeating: 7, count: 32))
        let attributes = try FileManager.default.attributesOfItem(atPath: target.data.appendingPathComponent("keys/csca.key.sealed").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let platform = try await Platform.open(target.configuration)
        #expect(try await platform.register.count() == 0)
        await platform.close()
        // Never over a database.
        #expect(throws: BackupError.self) {
            try Backup.restore(from: backup, into: target.configuration, masterKey: nil, environment: ["DANCU_MASTER_KEY": "x"])
        }
    }

    /// A journal or WAL left where a database was moved away from would be played into the restored
    /// file (a rollback journal says nothing of which file it belongs to): the restore refuses.
    @Test func aJournalLeftBehindStopsTheRestore() async throws {
        let original = try await installation()
        defer { try? FileManager.default.removeItem(at: original.root) }
        let backup = original.root.appendingPathComponent("backup").path
        _ = try Backup.make(original.configuration, into: backup, withMasterKey: true)
        let target = Installation(root: original.root.appendingPathComponent("target"))
        try FileManager.default.createDirectory(at: target.data, withIntermediateDirectories: true)
        let journal = target.data.appendingPathComponent("dancu-attachments.sqlite-journal")
        try Data(repeating: 0xd9, count: 512).write(to: journal)
        #expect {
            try Backup.restore(from: backup, into: target.configuration, masterKey: nil, environment: [:])
        } throws: { error in
            "\(error)".contains("dancu-attachments.sqlite-journal exists")
        }
        #expect(!FileManager.default.fileExists(atPath: target.data.appendingPathComponent("dancu.sqlite").path))
        try FileManager.default.removeItem(at: journal)
        _ = try Backup.restore(from: backup, into: target.configuration, masterKey: nil, environment: [:])
        #expect(FileManager.default.fileExists(atPath: target.data.appendingPathComponent("dancu-attachments.sqlite").path))
    }

    @Test func aChangedFileStopsTheRestoreBeforeItWritesAnything() async throws {
        let original = try await installation()
        defer { try? FileManager.default.removeItem(at: original.root) }
        let backup = original.root.appendingPathComponent("backup")
        _ = try Backup.make(original.configuration, into: backup.path, withMasterKey: true)
        let sealed = backup.appendingPathComponent("files/keys/csca.key.sealed")
        try Data("SEALED".utf8).write(to: sealed)
        let target = Installation(root: original.root.appendingPathComponent("target"))
        #expect(throws: BackupError.self) { try Backup.restore(from: backup.path, into: target.configuration, masterKey: nil, environment: [:]) }
        #expect(!FileManager.default.fileExists(atPath: target.data.path))
    }
}
