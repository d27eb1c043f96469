import DanCuAccess
import DanCuEID
import DanCuCore
import DanCuStore
import Foundation

/// What the HTTP edge may use. There is no register here: handlers reach people only through the gate.
public struct Services: Sendable {
    public let gate: Gate
    public let accounts: OfficerAccounts
    public let metrics: WebMetrics
    public let reference: ReferenceData
    /// eID accounts and the OpenID Connect provider; nil where the installation has no card keys (the
    /// eID service matches faces against card applications and verifies chips).
    public let eid: EIDService?
    public let oidc: OIDCProvider?
    /// The citizen's `/me` pages and API, where eID and the provider are.
    public let selfService: CitizenSelfService?
    /// For `/health/ready` only: one trivial query.
    let store: any Store

    public init(gate: Gate, accounts: OfficerAccounts, metrics: WebMetrics, reference: ReferenceData, store: any Store,
                eid: EIDService? = nil, oidc: OIDCProvider? = nil) {
        self.eid = eid
        self.oidc = oidc
        selfService = eid.flatMap { eid in oidc.map { CitizenSelfService(eid: eid, provider: $0, gate: gate) } }
        self.gate = gate
        self.accounts = accounts
        self.metrics = metrics
        self.reference = reference
        self.store = store
    }

    /// Brings every schema behind the services up to date: the access log, the card office, eID.
    public func prepare() async throws {
        try await accounts.migrate()
        try await eid?.migrate()
        try await gate.prepare()
    }
}
