import DanCuCore
import DanCuStore
import Foundation

/// What the holder agreed to give one relying party, as the self-service pages show it.
public struct Consent: Hashable, Sendable, Codable {
    public let clientId: String
    public let clientName: String
    public let scopes: [String]
    /// The register fields the scopes release.
    public let fields: [String]
    public let purpose: String
    public let legalBasis: String
    /// Microseconds since 1970.
    public let grantedAt: Int64
    public let withdrawnAt: Int64?
}

/// A signed-in browser or API client of the holder's, without its secret.
public struct SignedInSession: Hashable, Sendable, Codable {
    public let authTime: Int64
    public let methods: [String]
    public let expiresAt: Int64
}

extension OIDCProvider {
    /// The holder's consents, newest first, withdrawn ones included.
    public func consents(of account: String) async throws -> [Consent] {
        let rows = try await store.read { db in
            try db.query(
                "SELECT client_id, scopes, purpose, granted_at, revoked_at FROM oidc_consents WHERE account = ? ORDER BY granted_at DESC",
                [.text(account)])
        }
        var consents: [Consent] = []
        for row in rows {
            let client = try? await clients.client(try row.string("client_id"))
            let scopes = try row.string("scopes").split(separator: " ").map(String.init)
            consents.append(
                Consent(
                    clientId: try row.string("client_id"), clientName: client?.name ?? "(no longer registered)", scopes: scopes,
                    fields: scopes.compactMap(Scope.init(rawValue:)).flatMap(\.fields), purpose: try row.string("purpose"),
                    legalBasis: client?.legalBasis ?? "", grantedAt: try row.int("granted_at"), withdrawnAt: row["revoked_at"].int))
        }
        return consents
    }

    /// The holder withdraws a consent: in one transaction it is marked withdrawn and every token the
    /// relying party holds for them is revoked, so the next read needs a new consent. False when there
    /// was no live consent to withdraw.
    public func withdrawConsent(of account: String, from clientId: String) async throws -> Bool {
        try await store.write { db in
            guard
                try db.queryOne(
                    "SELECT revoked_at FROM oidc_consents WHERE account = ? AND client_id = ? AND revoked_at IS NULL",
                    [.text(account), .text(clientId)]) != nil
            else { return false }
            try db.execute(
                "UPDATE oidc_consents SET revoked_at = ? WHERE account = ? AND client_id = ?",
                [.int(WallClock.nowMicros()), .text(account), .text(clientId)])
            try db.execute(
                "UPDATE oidc_tokens SET state = 'revoked' WHERE account = ? AND client_id = ? AND state <> 'revoked'",
                [.text(account), .text(clientId)])
            return true
        }
    }

    /// The holder's live sign-in sessions, newest first.
    public func sessions(of account: String) async throws -> [SignedInSession] {
        try await store.read { db in
            try db.query(
                "SELECT auth_time, amr, expires_at FROM oidc_sessions WHERE account = ? AND expires_at > ? ORDER BY auth_time DESC",
                [.text(account), .int(WallClock.nowMicros())]
            )
            .map {
                SignedInSession(
                    authTime: try $0.int("auth_time"), methods: try $0.string("amr").split(separator: " ").map(String.init),
                    expiresAt: try $0.int("expires_at"))
            }
        }
    }

    /// Signs the holder out everywhere: every session ends.
    public func endSessions(of account: String) async throws {
        try await store.write { db in try db.execute("DELETE FROM oidc_sessions WHERE account = ?", [.text(account)]) }
    }
}
