import Crypto
import DanCuStore
public import Foundation

/// A backup of one installation: its SQLite databases, copied while it serves, and the files of its
/// data directory (the card office's sealed keys and certificates, the transparency log's key and
/// origin, member systems' keys). It is a directory with a manifest of every file's SHA-256, so a restore
/// finds any file that changed or is missing before it writes anything.
///
/// The master key that seals the private keys (`keys/master.key`, or `DANCU_MASTER_KEY`) stays out of
/// the backup unless asked for: a copy of the backup then holds no usable signing key, and the master
/// key is kept apart (docs/operations.md). On PostgreSQL the database itself is backed up by the server
/// (pg_basebackup and WAL archiving); this backup then holds the data directory's files only.
public struct Backup: Sendable {
    public static let manifestName = "manifest.json"

    public struct Manifest: Codable, Sendable, Equatable {
        public struct File: Codable, Sendable, Equatable {
            /// Where it goes back to: `databases/register.sqlite`, `files/keys/csca.cer`, ….
            public let path: String
            public let bytes: Int64
            public let sha256: String
            /// The file's permission bits (0o600 for keys).
            public let mode: Int
        }
        public var format = 1
        /// When the copy began, as an instant (RFC 3339, UTC).
        public let started: String
        /// `sqlite`, or `postgres` when the database is not in the backup.
        public let database: String
        public let masterKeyIncluded: Bool
        public let files: [File]
    }

    /// The databases of an SQLite installation, in the order they are copied: the access log's subject
    /// index first (it may then lag the log, which the index catches up on, but never runs ahead of it),
    /// then the register, then the access log (whose entries then cover every register write the copy
    /// holds: those relayed already, and those still in the register's outbox, relayed again after a
    /// restore and recognised by `relayed_from`).
    static func databases(of configuration: AppConfiguration) -> [(name: String, path: String)]? {
        let url = configuration.database
        guard !url.hasPrefix("postgres://"), !url.hasPrefix("postgresql://") else { return nil }
        let register = url.hasPrefix("sqlite:") ? String(url.dropFirst("sqlite:".count)) : url
        var list: [(String, String)] = []
        if let index = StoreFactory.accessLogIndexURL(forRegister: url) { list.append(("access-log-index.sqlite", String(index.dropFirst("sqlite:".count)))) }
        list.append(("register.sqlite", register))
        // After the register: a file's content is stored before the application that names it, so every
        // attachment the copied register names is in this later copy.
        if let files = StoreFactory.attachmentsURL(forRegister: url) { list.append(("attachments.sqlite", String(files.dropFirst("sqlite:".count)))) }
        if let log = StoreFactory.accessLogURL(forRegister: url) { list.append(("access-log.sqlite", String(log.dropFirst("sqlite:".count)))) }
        return list
    }

    /// Backs up the installation `configuration` names into `directory`, which must not exist yet.
    public static func make(
        _ configuration: AppConfiguration, into directory: String, withMasterKey: Bool, now: Date = Date()
    ) throws -> Manifest {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: directory) else { throw BackupError("\(directory) exists already: give a new directory") }
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let root = URL(fileURLWithPath: directory)
        let databases = databases(of: configuration)
        var files: [Manifest.File] = []
        if let databases {
            try manager.createDirectory(
                at: root.appendingPathComponent("databases"), withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            for (name, path) in databases where manager.fileExists(atPath: path) {
                let target = root.appendingPathComponent("databases/\(name)")
                try SQLiteBackup.copy(from: path, to: target.path)
                try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
                files.append(try describe(target, as: "databases/\(name)"))
            }
            guard files.contains(where: { $0.path == "databases/register.sqlite" }) else {
                throw BackupError("no register at \(configuration.database)")
            }
        }
        let skipped = Set((databases ?? []).flatMap { database in ["", "-wal", "-shm", "-journal"].map { standardized(database.path + $0) } })
        let data = URL(fileURLWithPath: configuration.dataDirectory)
        for relative in try dataFiles(data) {
            let source = data.appendingPathComponent(relative)
            if skipped.contains(standardized(source.path)) { continue }
            if relative == "keys/master.key" && !withMasterKey { continue }
            let target = root.appendingPathComponent("files/\(relative)")
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try manager.copyItem(at: source, to: target)
            files.append(try describe(target, as: "files/\(relative)"))
        }
        let manifest = Manifest(
            started: ISO8601DateFormatter().string(from: now), database: databases == nil ? "postgres" : "sqlite",
            masterKeyIncluded: files.contains { $0.path == "files/keys/master.key" }, files: files)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let written = manager.createFile(
            atPath: root.appendingPathComponent(manifestName).path, contents: try encoder.encode(manifest), attributes: [.posixPermissions: 0o600])
        guard written else { throw BackupError("cannot write the manifest in \(directory)") }
        return manifest
    }

    /// Restores the backup in `directory` into the installation `configuration` names. Every file is
    /// checked against the manifest first; nothing is written if one differs. It never overwrites a
    /// database: the target's must not exist. `masterKey` is a file holding the master key, for a backup
    /// made without it (unless the target's data directory or the environment has it already).
    public static func restore(
        from directory: String, into configuration: AppConfiguration, masterKey: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Manifest {
        let manager = FileManager.default
        let root = URL(fileURLWithPath: directory)
        guard let manifestData = manager.contents(atPath: root.appendingPathComponent(manifestName).path) else {
            throw BackupError("no \(manifestName) in \(directory): not a DanCu backup")
        }
        let manifest: Manifest
        do { manifest = try JSONDecoder().decode(Manifest.self, from: manifestData) } catch {
            throw BackupError("\(directory)/\(manifestName) cannot be read: \(error)")
        }
        guard manifest.format == 1 else { throw BackupError("backup format \(manifest.format) is not known to this version") }
        for file in manifest.files {
            guard !file.path.contains(".."), file.path.hasPrefix("databases/") || file.path.hasPrefix("files/") else {
                throw BackupError("the manifest names a file outside the backup: \(file.path)")
            }
            let found = try describe(root.appendingPathComponent(file.path), as: file.path)
            guard found.sha256 == file.sha256, found.bytes == file.bytes else {
                throw BackupError("\(file.path) is not the file the backup made (its SHA-256 differs): nothing was restored")
            }
        }
        let databases = databases(of: configuration)
        if manifest.database == "sqlite" {
            guard let databases else { throw BackupError("this backup holds SQLite databases; restore it to sqlite:PATH, not PostgreSQL") }
            for (_, path) in databases where manager.fileExists(atPath: path) {
                throw BackupError("\(path) exists: a restore never overwrites a database (move it away first)")
            }
            // A journal or WAL left beside a database moved away would be played into the restored file.
            for (_, path) in databases {
                for leftover in ["-wal", "-shm", "-journal"].map({ path + $0 }) where manager.fileExists(atPath: leftover) {
                    throw BackupError("\(leftover) exists: move it away with its database before a restore")
                }
            }
        }
        let data = URL(fileURLWithPath: configuration.dataDirectory)
        let keyFile = data.appendingPathComponent("keys/master.key")
        let sealed = manifest.files.contains { $0.path.hasSuffix(".sealed") }
        var masterKeyBytes: Data?
        if let masterKey {
            guard let bytes = manager.contents(atPath: masterKey), bytes.count == 32 else {
                throw BackupError("\(masterKey) does not hold a master key (32 bytes)")
            }
            masterKeyBytes = bytes
        } else if sealed, !manifest.masterKeyIncluded, environment["DANCU_MASTER_KEY"] == nil, !manager.fileExists(atPath: keyFile.path) {
            throw BackupError("the backup's keys are sealed and it holds no master key: give --master-key FILE or set DANCU_MASTER_KEY")
        }
        for file in manifest.files where file.path.hasPrefix("files/") {
            let target = data.appendingPathComponent(String(file.path.dropFirst("files/".count)))
            guard !manager.fileExists(atPath: target.path) else {
                throw BackupError("\(target.path) exists: restore into a data directory without it")
            }
        }
        try manager.createDirectory(at: data, withIntermediateDirectories: true)
        for file in manifest.files {
            let source = root.appendingPathComponent(file.path)
            let target: URL
            if file.path.hasPrefix("databases/") {
                let name = String(file.path.dropFirst("databases/".count))
                guard let path = databases?.first(where: { $0.name == name })?.path else { continue }
                target = URL(fileURLWithPath: path)
            } else {
                target = data.appendingPathComponent(String(file.path.dropFirst("files/".count)))
            }
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try manager.copyItem(at: source, to: target)
            try manager.setAttributes([.posixPermissions: file.mode], ofItemAtPath: target.path)
        }
        if let masterKeyBytes {
            try manager.createDirectory(at: keyFile.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard manager.createFile(atPath: keyFile.path, contents: masterKeyBytes, attributes: [.posixPermissions: 0o600]) else {
                throw BackupError("cannot write \(keyFile.path)")
            }
        }
        return manifest
    }

    /// Every regular file under `directory`, as paths relative to it, in a stable order.
    static func dataFiles(_ directory: URL) throws -> [String] {
        let manager = FileManager.default
        guard manager.fileExists(atPath: directory.path) else { return [] }
        guard let walker = manager.enumerator(atPath: directory.path) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: directory.appendingPathComponent(relative).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(relative)
            }
        }
        return files.sorted()
    }

    static func describe(_ file: URL, as path: String) throws -> Manifest.File {
        guard let handle = FileHandle(forReadingAtPath: file.path) else { throw BackupError("\(path) is missing") }
        defer { try? handle.close() }
        var hash = SHA256()
        var bytes: Int64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hash.update(data: chunk)
            bytes += Int64(chunk.count)
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o600
        return Manifest.File(path: path, bytes: bytes, sha256: hash.finalize().map { String(format: "%02x", $0) }.joined(), mode: mode)
    }

    static func standardized(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
}

/// Why a backup or restore stopped, in the operator's words.
public struct BackupError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
