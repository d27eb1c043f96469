import DanCuAccess
import DanCuCore
import DanCuStore
import Foundation

/// What the HTTP edge may use. There is no register here: handlers reach people only through the gate.
public struct Services: Sendable {
    public let gate: Gate
    public let accounts: OfficerAccounts
    public let metrics: WebMetrics
    public let reference: ReferenceData
    /// For `/health/ready` only: one trivial query.
    let store: any Store

    public init(gate: Gate, accounts: OfficerAccounts, metrics: WebMetrics, reference: ReferenceData, store: any Store) {
        self.gate = gate
        self.accounts = accounts
        self.metrics = metrics
        self.reference = reference
        self.store = store
    }
}
