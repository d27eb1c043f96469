import Testing

@testable import DanCuAccess

/// A token checked against the database is trusted for the cache's lifetime; past it, only a caller
/// that allows longer (a failover under way) gets the officer, and never past the token's expiry.
@Suite struct TokenCacheTests {
    @Test func anEntryPastItsLifetimeServesOnlyAWiderWindowAndNeverAnExpiredToken() {
        let cache = TokenCache(lifetimeMicros: 5_000_000)
        let officer = Officer(username: "central.officer", displayName: "Trần Văn An", role: .centralOfficer, jurisdiction: .nation)
        cache.remember(officer, hash: "h", expiresAt: 100_000_000, now: 0)
        #expect(cache.officer(forHash: "h", now: 4_000_000) == officer)
        #expect(cache.officer(forHash: "h", now: 6_000_000) == nil)
        #expect(cache.officer(forHash: "h", now: 6_000_000, within: 60_000_000) == officer)
        #expect(cache.officer(forHash: "h", now: 61_000_000, within: 60_000_000) == nil)
        #expect(cache.officer(forHash: "h", now: 100_000_000, within: 200_000_000) == nil)
        // An expired token is gone for good.
        #expect(cache.officer(forHash: "h", now: 50_000_000, within: 60_000_000) == nil)
    }
}
