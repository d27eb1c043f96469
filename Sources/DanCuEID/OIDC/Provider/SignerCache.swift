import DanCuStore
import Synchronization

/// Keeps the token signer for a minute: loading the keys means a read and an AES-GCM open, too much for
/// every token. A rotation takes effect within the minute; the old key stays in the JWKS for two days.
final class SignerCache: Sendable {
    static let lifetime: Int64 = 60
    private let cached = Mutex<(signer: TokenSigner, madeAt: Int64)?>(nil)

    func current(_ keys: SigningKeys) async throws -> TokenSigner {
        let now = WallClock.nowMicros()
        if let (signer, madeAt) = cached.withLock({ $0 }), now - madeAt < Self.lifetime * 1_000_000 { return signer }
        let signer = try await keys.signer(at: now)
        cached.withLock { $0 = (signer, now) }
        return signer
    }

    func forget() { cached.withLock { $0 = nil } }
}
