import DanCuCore
import DanCuRegister
import DanCuStore

/// Officers' counter work on eID accounts. The eID service lives above the gate, so the gate decides
/// and witnesses while the caller does the work: a change's access-log entry is written in the
/// change's own transaction by the witness handed to `body`.
extension Gate {
    static let eidFields = ["eidAccount"]

    /// Authorizes `work` on the account of `number` for the officer of the holder's area, then runs it.
    public func eidAccountWork<T: Sendable>(_ work: AccessPolicy.EIDWork, of number: PersonalNumber, for request: AccessRequest,
                                            _ body: (any RegisterWitness) async throws -> T) async throws -> T {
        let action = "eid-" + work.rawValue
        try await requirePurpose(request, subject: number.rawValue, action: action, fields: Self.eidFields)
        let person = try await register.person(number).person
        try await authorize(request, .eidAccount(work, Area(of: person, units: units)), subject: number.rawValue, action: action, fields: Self.eidFields)
        if work == .read {
            let result = try await body(NoWitness())
            try await logRead(request, subjects: [number.rawValue], action: action, fields: Self.eidFields)
            return result
        }
        let result = try await body(AccessWitness(request: request, action: action, fields: Self.eidFields, idempotency: nil))
        try await relay.run()
        return result
    }
}

/// For reads, which are logged once they are done rather than inside a transaction.
struct NoWitness: RegisterWitness {
    func didWrite(_ write: RegisterWrite, in db: any SQLConnection) throws {}
}
