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
        let area = try await self.area(of: number, for: request, action: action, fields: Self.eidFields)
        try await authorize(request, .eidAccount(work, area), subject: number.rawValue, action: action, fields: Self.eidFields)
        if work == .read {
            let result = try await body(NoWitness())
            try await logRead(request, subjects: [number.rawValue], action: action, fields: Self.eidFields)
            return result
        }
        let result = try await body(witness(request, action: action, fields: Self.eidFields))
        try await relay.run()
        return result
    }
}

extension Gate {
    /// Authorizes `work` on a foreigner's account (`subject`, from the residence card) for an officer
    /// whose jurisdiction covers the ward the foreigner lives in, then runs it. Foreigners are not in
    /// the register, so no register witness carries a change's entry: it is appended before the change,
    /// so that a crash between the two leaves an entry too many rather than a change unlogged. A read is
    /// logged once done, as every read is.
    public func foreignerAccountWork<T: Sendable>(_ work: AccessPolicy.EIDWork = .registerForeigner, subject: String, wardCode: String,
                                                  for request: AccessRequest, _ body: () async throws -> T) async throws -> T {
        let action = "eid-" + work.rawValue
        try await requirePurpose(request, subject: subject, action: action, fields: Self.eidFields)
        let area = Area(wards: [wardCode], provinces: Set([units.ward(wardCode)?.provinceCode].compactMap { $0 }))
        try await authorize(request, .eidAccount(work, area), subject: subject, action: action, fields: Self.eidFields)
        if work == .read {
            let result = try await body()
            try await logRead(request, subjects: [subject], action: action, fields: Self.eidFields)
            return result
        }
        try await log.append([entry(request, subject: subject, action: action, fields: Self.eidFields, decision: .allowed)])
        return try await body()
    }
}

/// For reads, which are logged once they are done rather than inside a transaction.
struct NoWitness: RegisterWitness {
    func didWrite(_ write: RegisterWrite, in db: any SQLConnection) throws {}
}
