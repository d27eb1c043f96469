import DanCuAccess
import DanCuCard
import DanCuCore

/// The benchmarks' counter: a central officer named `bench`, asking the gate like anyone else.
enum BenchGrants {
    static func request(_ purpose: Purpose) -> AccessRequest {
        AccessRequest(
            officer: Officer(username: "bench", displayName: "Bench", role: .centralOfficer, jurisdiction: .nation),
            purpose: purpose, requestId: "bench")
    }

    /// A grant for every step of a first card of `number`.
    static func cardIssue(_ gate: Gate, _ number: PersonalNumber) async throws -> AccessGrant {
        try await gate.grant(request(.identityCard), on: number, need: { .card(.produce, $0) }, action: "card-issue", fields: ["identityCard"])
    }
}
