public import DanCuAccess
public import DanCuCore
import Foundation

extension CardOffice {
    /// A first card from application to hand-over in one call, all steps by `officer`: for the demo,
    /// the benchmarks and test fixtures, which need card holders rather than the counter's steps.
    /// Each step is still its own transaction and event, as at a real counter, each logged in the grant's name.
    public func issueFirstCard(to number: PersonalNumber, face: [UInt8], grant: AccessGrant) async throws -> IdentityCard {
        let card = try await apply(
            for: number, CardApplication(kind: .first, reason: nil, biometrics: Biometrics(face: face, fingerprints: [], irises: [])),
            grant: grant)
        _ = try await record(.approve, on: card.cardId, grant: grant, reason: nil, expectedVersion: nil)
        _ = try await produce(card.cardId, grant: grant, expectedVersion: nil)
        return try await record(.deliver, on: card.cardId, grant: grant, reason: nil, expectedVersion: nil)
    }
}
