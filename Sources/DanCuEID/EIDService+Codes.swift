import DanCuCore
import DanCuStore
import Foundation

/// A message waiting for the SMS or e-mail gateway.
public struct OutboxMessage: Equatable, Sendable, Codable {
    public let id: Int64
    public let channel: String
    public let address: String
    public let body: String
    public let createdAt: Int64
}

extension EIDService {
    /// How soon the same person may be sent another code.
    static let codeResendSeconds: Int64 = 60

    /// Makes a one-time code for `subject` and queues it, in the same transaction, in the outbox that
    /// the SMS or e-mail gateway drains (`dancu eid outbox` shows it; a deployment's gateway worker
    /// sends and marks each message). Answers nothing about the subject: the caller learns only that a
    /// code went to the contact they gave, which is theirs. A second request within a minute, for the
    /// same number or to the same phone or address, sends nothing new: the open route must not become a
    /// way to send messages to anyone at the country's expense.
    public func sendCode(for subject: String, contact: Contact) async throws {
        let now = clock.nowMicros()
        let lifetime = policy.codeLifetimeSeconds
        let code = Self.newCode()
        try await store.write { db in
            if let row = try db.queryOne("SELECT expires_at FROM eid_codes WHERE subject = ?", [.text(subject)]),
               try row.int("expires_at") - lifetime * 1_000_000 + Self.codeResendSeconds * 1_000_000 > now {
                return
            }
            if try db.queryOne("SELECT id FROM eid_outbox WHERE address = ? AND created_at > ?",
                               [.text(contact.text), .int(now - Self.codeResendSeconds * 1_000_000)]) != nil {
                return
            }
            try Self.keep(code, for: subject, contact: contact, expires: now + lifetime * 1_000_000, in: db)
            let channel: String
            switch contact {
            case .phone: channel = "sms"
            case .email: channel = "email"
            }
            try db.execute("INSERT INTO eid_outbox (channel, address, body, created_at) VALUES (?,?,?,?)",
                           [.text(channel), .text(contact.text),
                            .text("DanCu: mã xác nhận của bạn là \(code), có hiệu lực \(lifetime / 60) phút. Không đưa mã này cho ai. "
                                  + "Your DanCu code is \(code), valid \(lifetime / 60) minutes. Do not share it."),
                            .int(now)])
        }
    }

    /// Messages not yet marked sent, oldest first.
    public func pendingMessages(limit: Int = 100) async throws -> [OutboxMessage] {
        try await store.read { db in
            try db.query("SELECT id, channel, address, body, created_at FROM eid_outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?",
                         [.int(Int64(limit))]).map {
                OutboxMessage(id: try $0.int("id"), channel: try $0.string("channel"), address: try $0.string("address"), body: try $0.string("body"),
                              createdAt: try $0.int("created_at"))
            }
        }
    }

    /// The gateway sent these.
    public func markSent(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await store.write { db in
            for id in ids { try db.execute("UPDATE eid_outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL", [.int(clock.nowMicros()), .int(id)]) }
        }
    }
}
