public import DanCuAccess
import DanCuCard
public import DanCuCore

/// Grants for test fixtures, asked of the gate by a central officer named `fixture`, as any counter asks.
public enum TestGrants {
    public static func request(_ purpose: Purpose) -> AccessRequest {
        AccessRequest(
            officer: Officer(username: "fixture", displayName: "Fixture", role: .centralOfficer, jurisdiction: .nation),
            purpose: purpose, requestId: "fixture")
    }

    /// Every step of a card of `number`, and reading its chip.
    public static func cards(_ gate: Gate, _ number: PersonalNumber) async throws -> AccessGrant {
        try await gate.grant(request(.identityCard), on: number, need: { .card(.produce, $0) }, action: "card-issue", fields: ["identityCard"])
    }

    /// The same, for the card `cardId`.
    public static func cards(_ gate: Gate, card cardId: String) async throws -> AccessGrant {
        try await cards(gate, try Cards.holder(of: cardId))
    }
}
