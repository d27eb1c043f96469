import DanCuAccess
import DanCuCore
import DanCuStore
import Foundation

/// A message waiting for the SMS or e-mail gateway.
public struct OutboxMessage: Equatable, Sendable, Codable {
    public let id: Int64
    /// Whose code it is: the personal number (or foreigner's subject) it was asked for.
    public let subject: String
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
    ///
    /// The request is in the subject's access log (as `system:eid-registration`), sent or not: a code
    /// asked for in someone's name is something they should be able to see.
    public func sendCode(for subject: String, contact: Contact, requestId: String) async throws {
        let request = AccessRequest(officer: .system("eid-registration"), purpose: .citizenRequest, requestId: requestId)
        let grant = try await gate.grant(request, .eidSelfRegistration, subject: subject, action: "eid-registration-code", fields: ["contact"])
        try await grant.logChange()
        let now = clock.nowMicros()
        let lifetime = policy.codeLifetimeSeconds
        let code = Self.newCode()
        try await store.write { db in
            if let row = try db.queryOne("SELECT expires_at FROM eid_codes WHERE subject = ?", [.text(subject)]),
                try row.int("expires_at") - lifetime * 1_000_000 + Self.codeResendSeconds * 1_000_000 > now
            {
                return
            }
            if try db.queryOne(
                "SELECT id FROM eid_outbox WHERE address = ? AND created_at > ?",
                [.text(contact.text), .int(now - Self.codeResendSeconds * 1_000_000)]) != nil
            {
                return
            }
            try Self.keep(code, for: subject, contact: contact, expires: now + lifetime * 1_000_000, in: db)
            let channel: String
            switch contact {
            case .phone: channel = "sms"
            case .email: channel = "email"
            }
            let body =
                "DanCu: mã xác nhận của bạn là \(code), có hiệu lực \(lifetime / 60) phút. Không đưa mã này cho ai. "
                + "Your DanCu code is \(code), valid \(lifetime / 60) minutes. Do not share it."
            try db.execute(
                "INSERT INTO eid_outbox (channel, address, body, subject, sealed, created_at) VALUES (?,?,'',?,?,?)",
                [
                    .text(channel), .text(contact.text), .text(subject),
                    .blob(try vault.seal(Array(body.utf8), boundTo: Self.outboxOwner(subject, now))), .int(now),
                ])
        }
    }

    static func outboxOwner(_ subject: String, _ createdAt: Int64) -> String { "outbox/\(subject)/\(createdAt)" }

    /// The gateway's actor: it reads each message's contact and code, and each read is in the
    /// person's access log.
    static func gatewayRequest(_ requestId: String) -> AccessRequest {
        AccessRequest(officer: .system("message-gateway"), purpose: .citizenRequest, requestId: requestId)
    }

    /// Messages not yet sent, oldest first, opened for the gateway (`system:message-gateway`, each
    /// message an access-log entry for its subject). Messages whose code has expired are deleted first.
    public func pendingMessages(limit: Int = 100, requestId: String) async throws -> [OutboxMessage] {
        let expired = clock.nowMicros() - policy.codeLifetimeSeconds * 1_000_000
        let vault = self.vault
        let messages = try await store.write { db in
            try db.execute("DELETE FROM eid_outbox WHERE created_at < ?", [.int(expired)])
            return try db.query(
                """
                SELECT id, channel, address, subject, sealed, created_at FROM eid_outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?
                """, [.int(Int64(limit))]
            ).map { row -> OutboxMessage in
                guard case .blob(let sealed) = row["sealed"] else { throw StoreError.unexpectedValue(column: "eid_outbox.sealed") }
                let subject = try row.string("subject")
                let createdAt = try row.int("created_at")
                let body = try vault.open(sealed, boundTo: Self.outboxOwner(subject, createdAt))
                return OutboxMessage(
                    id: try row.int("id"), subject: subject, channel: try row.string("channel"),
                    address: try row.string("address"), body: String(decoding: body, as: UTF8.self), createdAt: createdAt)
            }
        }
        guard !messages.isEmpty else { return [] }
        let grant = try await gate.grant(
            Self.gatewayRequest(requestId), .messageGateway, subject: nil, action: "eid-code-send",
            fields: ["contact", "oneTimeCode"])
        for message in messages { try await grant.logRead(of: message.subject) }
        return messages
    }

    /// The gateway sent these: their codes are wiped, and the rows stay (without a code) only as long
    /// as the resend limit needs them.
    public func markSent(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await store.write { db in
            for id in ids {
                try db.execute("UPDATE eid_outbox SET sent_at = ?, sealed = NULL WHERE id = ? AND sent_at IS NULL", [.int(clock.nowMicros()), .int(id)])
            }
        }
    }
}
