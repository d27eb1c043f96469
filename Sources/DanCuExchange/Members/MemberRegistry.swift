public import DanCuCore
public import DanCuStore
import Foundation

/// The member systems the gateway knows, their subsystems and keys. Administrators change it; every
/// change is recorded, in the same transaction, in `exchange_changes`. A request's key is looked up
/// afresh each time, so a disabled member or a revoked key is refused from the next request on.
public struct MemberRegistry: Sendable {
    public let store: any Store
    public let clock: CivilClock

    public init(store: any Store, clock: CivilClock = .system) {
        self.store = store
        self.clock = clock
    }

    public func migrate() async throws {
        try await Migrator.migrate(store, ExchangeSchema.migrations)
    }

    /// A member as the registry holds it, with its subsystems and keys.
    public struct Record: Sendable, Equatable {
        public struct Key: Sendable, Equatable {
            public let keyId: String, subsystem: String, algorithm: String
            public let addedAt: Int64
            public let revokedAt: Int64?
        }

        public let code: String, nameVietnamese: String, nameEnglish: String, kind: String
        public let disabledAt: Int64?
        public let subsystems: [String]
        public let keys: [Key]
    }

    /// One change an administrator made.
    public struct Change: Sendable, Equatable {
        public let at: Int64
        public let actor: String, action: String, subject: String, detail: String
    }

    public func add(_ member: MemberSystem, by actor: String) async throws {
        let now = clock.nowMicros()
        try await write(conflict: .memberExists(member.code)) { db in
            guard try db.queryOne("SELECT 1 AS x FROM exchange_members WHERE code = ?", [.text(member.code)]) == nil else {
                throw ExchangeError.memberExists(member.code)
            }
            try db.execute(
                "INSERT INTO exchange_members (code, name_vi, name_en, kind, added_at, added_by) VALUES (?,?,?,?,?,?)",
                [.text(member.code), .text(member.nameVietnamese), .text(member.nameEnglish), .text(member.kind.rawValue), .int(now), .text(actor)])
            try Self.record(
                db, at: now, actor: actor, action: "member-add", subject: member.code,
                detail: "\(member.kind.rawValue): \(member.nameVietnamese) / \(member.nameEnglish)")
        }
    }

    public func add(_ subsystem: Subsystem, by actor: String) async throws {
        let now = clock.nowMicros()
        try await write(conflict: .subsystemExists(subsystem.identifier)) { db in
            try Self.requireActive(member: subsystem.member, db)
            guard
                try db.queryOne(
                    "SELECT 1 AS x FROM exchange_subsystems WHERE member = ? AND code = ?",
                    [.text(subsystem.member), .text(subsystem.code)]) == nil
            else {
                throw ExchangeError.subsystemExists(subsystem.identifier)
            }
            try db.execute(
                "INSERT INTO exchange_subsystems (member, code, added_at, added_by) VALUES (?,?,?,?)",
                [.text(subsystem.member), .text(subsystem.code), .int(now), .text(actor)])
            try Self.record(db, at: now, actor: actor, action: "subsystem-add", subject: subsystem.identifier, detail: "")
        }
    }

    /// Adds every key of a JWK Set to a subsystem, or none. Key ids are unique across the gateway and
    /// never reused, so a log entry's `keyid` names one key forever.
    public func add(keys: [MemberKeyJWK.Key], to subsystem: Subsystem, by actor: String) async throws {
        let now = clock.nowMicros()
        try await write(conflict: .keyExists(keys.map(\.keyId).joined(separator: ", "))) { db in
            try Self.requireActive(member: subsystem.member, db)
            guard
                try db.queryOne(
                    "SELECT 1 AS x FROM exchange_subsystems WHERE member = ? AND code = ? AND disabled_at IS NULL",
                    [.text(subsystem.member), .text(subsystem.code)]) != nil
            else {
                throw ExchangeError.unknownSubsystem(subsystem.identifier)
            }
            for key in keys {
                guard try db.queryOne("SELECT 1 AS x FROM exchange_keys WHERE key_id = ?", [.text(key.keyId)]) == nil else {
                    throw ExchangeError.keyExists(key.keyId)
                }
                let jwk = try JSONSerialization.data(withJSONObject: MemberKeyJWK.jwk(of: key.key, keyId: key.keyId), options: [.sortedKeys])
                try db.execute(
                    "INSERT INTO exchange_keys (key_id, member, subsystem, jwk, algorithm, added_at, added_by) VALUES (?,?,?,?,?,?,?)",
                    [
                        .text(key.keyId), .text(subsystem.member), .text(subsystem.code), .text(String(decoding: jwk, as: UTF8.self)),
                        .text(key.key.algorithm.rawValue), .int(now), .text(actor),
                    ])
                try Self.record(
                    db, at: now, actor: actor, action: "key-add", subject: subsystem.identifier,
                    detail: "\(key.keyId) \(key.key.algorithm.rawValue)")
            }
        }
    }

    public func revoke(keyId: String, by actor: String) async throws {
        let now = clock.nowMicros()
        try await write(conflict: .keyRevoked(keyId)) { db in
            guard let row = try db.queryOne("SELECT member, subsystem, revoked_at FROM exchange_keys WHERE key_id = ?", [.text(keyId)]) else {
                throw ExchangeError.unknownKey(keyId)
            }
            guard row["revoked_at"].isNull else { throw ExchangeError.keyRevoked(keyId) }
            try db.execute("UPDATE exchange_keys SET revoked_at = ?, revoked_by = ? WHERE key_id = ?", [.int(now), .text(actor), .text(keyId)])
            try Self.record(
                db, at: now, actor: actor, action: "key-revoke", subject: "\(try row.string("member"))/\(try row.string("subsystem"))",
                detail: keyId)
        }
    }

    /// Disables a member: every request of each of its subsystems is refused from now on. A member is
    /// never deleted: the message log names it.
    public func disable(member code: String, by actor: String) async throws {
        let now = clock.nowMicros()
        try await write(conflict: .memberDisabled(code)) { db in
            try Self.requireActive(member: code, db)
            try db.execute("UPDATE exchange_members SET disabled_at = ?, disabled_by = ? WHERE code = ?", [.int(now), .text(actor), .text(code)])
            try Self.record(db, at: now, actor: actor, action: "member-disable", subject: code, detail: "")
        }
    }

    /// What the registry says of a key a request cites.
    public enum KeyStatus: Sendable {
        case active(Subsystem, VerificationKey, MemberSystem.Kind, name: String)
        case unknown
        case revoked(Subsystem)
        /// The key's subsystem or its member is disabled.
        case disabled(Subsystem)
    }

    /// The key `keyId` and the subsystem it speaks for, read afresh on every request.
    public func keyStatus(_ keyId: String) async throws -> KeyStatus {
        let row = try await store.readOne { db in
            try db.queryOne(
                """
                SELECT k.jwk, k.member, k.subsystem, k.revoked_at, s.disabled_at AS subsystem_disabled, m.disabled_at AS member_disabled,
                  m.kind, m.name_vi FROM exchange_keys k
                JOIN exchange_subsystems s ON s.member = k.member AND s.code = k.subsystem
                JOIN exchange_members m ON m.code = k.member
                WHERE k.key_id = ?
                """, [.text(keyId)])
        }
        guard let row else { return .unknown }
        let subsystem = try Subsystem(member: try row.string("member"), code: try row.string("subsystem"))
        guard row["revoked_at"].isNull else { return .revoked(subsystem) }
        guard row["subsystem_disabled"].isNull, row["member_disabled"].isNull else { return .disabled(subsystem) }
        let jwk = try JSONSerialization.jsonObject(with: Data(try row.string("jwk").utf8))
        let key = try MemberKeyJWK.parse(jwk, at: "stored")
        let kind = MemberSystem.Kind(rawValue: try row.string("kind")) ?? .other
        return .active(subsystem, key.key, kind, name: try row.string("name_vi"))
    }

    /// The key a request cites, with the subsystem it speaks for; nil when the key is unknown or revoked,
    /// or its subsystem or member is disabled.
    public func activeKey(_ keyId: String) async throws -> (subsystem: Subsystem, key: VerificationKey)? {
        guard case .active(let subsystem, let key, _, _) = try await keyStatus(keyId) else { return nil }
        return (subsystem, key)
    }

    /// A member's name in Vietnamese, as a citizen reads it in their access log.
    public func name(of code: String) async throws -> String? {
        try await store.readOne { db in try db.queryOne("SELECT name_vi FROM exchange_members WHERE code = ?", [.text(code)])?["name_vi"].string }
    }

    public func members() async throws -> [Record] {
        try await store.read { db in
            let subsystems = Dictionary(
                grouping: try db.query("SELECT member, code FROM exchange_subsystems ORDER BY member, code"),
                by: { $0["member"].string ?? "" })
            let keys = Dictionary(
                grouping: try db.query(
                    "SELECT key_id, member, subsystem, algorithm, added_at, revoked_at FROM exchange_keys ORDER BY member, subsystem, added_at, key_id"),
                by: { $0["member"].string ?? "" })
            return try db.query("SELECT code, name_vi, name_en, kind, disabled_at FROM exchange_members ORDER BY code").map { row in
                let code = try row.string("code")
                return Record(
                    code: code, nameVietnamese: try row.string("name_vi"), nameEnglish: try row.string("name_en"), kind: try row.string("kind"),
                    disabledAt: row["disabled_at"].int, subsystems: try (subsystems[code] ?? []).map { try $0.string("code") },
                    keys: try (keys[code] ?? []).map { k in
                        Record.Key(
                            keyId: try k.string("key_id"), subsystem: try k.string("subsystem"), algorithm: try k.string("algorithm"),
                            addedAt: try k.int("added_at"), revokedAt: k["revoked_at"].int)
                    })
            }
        }
    }

    /// The changes, newest first.
    public func changes(limit: Int = 100) async throws -> [Change] {
        try await store.read { db in
            try db.query("SELECT at, actor, action, subject, detail FROM exchange_changes ORDER BY id DESC LIMIT ?", [.int(Int64(limit))]).map {
                Change(
                    at: try $0.int("at"), actor: try $0.string("actor"), action: try $0.string("action"), subject: try $0.string("subject"),
                    detail: try $0.string("detail"))
            }
        }
    }

    static func requireActive(member code: String, _ db: any SQLConnection) throws {
        guard let row = try db.queryOne("SELECT disabled_at FROM exchange_members WHERE code = ?", [.text(code)]) else {
            throw ExchangeError.unknownMember(code)
        }
        guard row["disabled_at"].isNull else { throw ExchangeError.memberDisabled(code) }
    }

    static func record(_ db: any SQLConnection, at: Int64, actor: String, action: String, subject: String, detail: String) throws {
        try db.execute(
            "INSERT INTO exchange_changes (at, actor, action, subject, detail) VALUES (?,?,?,?,?)",
            [.int(at), .text(actor), .text(action), .text(subject), .text(detail)])
        try db.execute("UPDATE exchange_settings_version SET version = version + 1 WHERE id = 1")
    }

    /// One transaction; a unique index that another writer won is the same refusal as the check before it.
    private func write(conflict: ExchangeError, _ work: @escaping @Sendable (any SQLConnection) throws -> Void) async throws {
        do {
            try await store.write(work)
        } catch StoreError.uniqueViolation {
            throw conflict
        }
    }
}
