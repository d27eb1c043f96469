public import DanCuAccess
public import DanCuCard
public import DanCuCore
public import DanCuEID
public import DanCuExchange
public import DanCuQuality
public import DanCuServices
public import DanCuStore
public import DanCuTransparency
import Foundation
import Synchronization

/// What the HTTP edge may use. There is no register here: handlers reach people only through the gate.
public struct Services: Sendable {
    public let gate: Gate
    /// The card office and verification behind the gate; nil where the installation has no card keys.
    public let cards: Cards?
    public let accounts: OfficerAccounts
    public let metrics: WebMetrics
    public let reference: ReferenceData
    /// eID accounts and the OpenID Connect provider; nil where the installation has no card keys (the
    /// eID service matches faces against card applications and verifies chips).
    public let eid: EIDService?
    public let oidc: OIDCProvider?
    /// The citizen's `/me` pages and API, where eID and the provider are.
    public let selfService: CitizenSelfService?
    /// The data-exchange gateway for member systems (`/x/v1`); nil where the installation has no master
    /// key to seal its signing key with.
    public let exchange: ExchangeGateway?
    /// The public transparency log of the access and message logs (`/transparency`); nil where the
    /// installation has no key to sign checkpoints with.
    public let transparency: PublicLog?
    /// Public services: the procedure catalogue, applications and the officers' desks.
    public let publicServices: ServiceDesk?
    /// Data quality: the figures per area and the review queue of suspected duplicates.
    public let quality: QualityDesk?
    /// For `/health/ready` and `/metrics` only: whether the database answers, and its pool's size. No
    /// store is held here: handlers reach data only through the gate.
    public let health: DatabaseHealth
    /// Whether `/health/ready` invites new requests: false once the server drains for its stop.
    public let readiness = Readiness()

    public init(
        gate: Gate, accounts: OfficerAccounts, metrics: WebMetrics, reference: ReferenceData, health: DatabaseHealth,
        cards: Cards? = nil, eid: EIDService? = nil, oidc: OIDCProvider? = nil, exchange: ExchangeGateway? = nil,
        transparency: PublicLog? = nil, publicServices: ServiceDesk? = nil, quality: QualityDesk? = nil
    ) {
        self.publicServices = publicServices
        self.quality = quality
        self.exchange = exchange
        self.transparency = transparency
        self.cards = cards
        self.eid = eid
        self.oidc = oidc
        selfService = eid.flatMap { eid in oidc.map { CitizenSelfService(eid: eid, provider: $0, gate: gate) } }
        self.gate = gate
        self.accounts = accounts
        self.metrics = metrics
        self.reference = reference
        self.health = health
    }

    /// Brings every schema behind the services up to date: the access log, the card office, eID,
    /// the exchange gateway (with its logs, where they live apart).
    public func prepare() async throws {
        try await accounts.migrate()
        try await cards?.office.migrate()
        try await eid?.migrate()
        try await gate.prepare()
        try await exchange?.members.migrate()
        try await exchange?.prepareLogs()
        try await exchange?.linkedRecords.prepare()
        try await publicServices?.prepare()
    }
}

/// What the operations routes may know of the database: that it answers, and how many connections it holds.
public struct DatabaseHealth: Sendable {
    let ping: @Sendable () async throws -> Void
    let poolSize: @Sendable () -> Int
    /// A probe is answered within this, whatever the database does: a pool waiting for a server that went
    /// away would otherwise hold the probe for the pool's own limit (15 s).
    public static let answerLimit: Duration = .seconds(2)

    public init(_ store: any Store) {
        ping = { _ = try await store.readOne { db in try db.queryOne("SELECT 1 AS ok") } }
        poolSize = { store.poolSize }
    }

    /// Whether the database answers a one-row query within `answerLimit`. The query may go on in the
    /// background (a pool waiting for a connection); the answer does not wait for it.
    public func answers() async -> Bool {
        let ping = self.ping
        return await withCheckedContinuation { continuation in
            let answer = FirstAnswer(continuation)
            Task { answer.give((try? await ping()) != nil) }
            Task {
                try? await Task.sleep(for: Self.answerLimit)
                answer.give(false)
            }
        }
    }
}

/// Resumes a continuation with the first of several answers and ignores the rest.
private final class FirstAnswer: Sendable {
    private let continuation: Mutex<CheckedContinuation<Bool, Never>?>

    init(_ continuation: CheckedContinuation<Bool, Never>) { self.continuation = Mutex(continuation) }

    func give(_ answer: Bool) {
        continuation.withLock { waiting in
            waiting?.resume(returning: answer)
            waiting = nil
        }
    }
}
