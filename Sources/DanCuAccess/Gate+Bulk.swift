public import DanCuCore
@_spi(Gate) public import DanCuRegister

/// The system's own bulk work on the register: the command line's import and seed, and its export.
/// Only the system does it (`Role.system`, acting as `system:import`, `system:seed`, `system:export`),
/// and every person it enters or exports gets an access-log entry, as any officer's work does.
extension Gate {
    static let bulkNeed = AccessPolicy.Need([
        RoleAmong([.system], else: "only the system enters or exports the register in bulk"),
        PurposeAmong([.dataCorrection], else: "bulk work on the register needs the purpose 'data-correction'"),
    ])

    /// Enters already-validated people in one transaction. The batch's entries are appended to the log
    /// before it is written, so that a crash between the two leaves entries too many (for people the
    /// batch did not enter) rather than people entered unlogged; an import run again logs again.
    public func enter(
        _ entries: [BulkEntry], households: [Household] = [], recordedAt: Int64,
        for request: AccessRequest
    ) async throws -> [BulkRejection] {
        try await authorize(request, Self.bulkNeed, subject: nil, action: "bulk-entry", fields: Self.wholeRecord)
        try await log.append(
            entries.map {
                entry(request, subject: $0.number, action: "bulk-entry", fields: Self.wholeRecord, decision: .allowed)
            })
        return try await register.enter(entries, households: households, officer: request.officer.username, recordedAt: recordedAt)
    }

    /// A load of many bulk entries (seed, import): into an empty register the person indexes are
    /// built once at its end instead of entry by entry (`Register.deferringPersonIndexes`). Only
    /// those who may enter people in bulk may; the entries themselves still go through `enter`.
    public func bulkLoad<T: Sendable>(for request: AccessRequest, _ load: () async throws -> T) async throws -> T {
        try await authorize(request, Self.bulkNeed, subject: nil, action: "bulk-entry", fields: Self.wholeRecord)
        return try await register.deferringPersonIndexes(load)
    }

    /// The system's quality work over the whole register (and the notices about it other agencies sent).
    public static let qualityNeed = AccessPolicy.Need([
        RoleAmong([.system], else: "only the system measures the whole register"),
        PurposeAmong([.dataQuality], else: "measuring the register needs the purpose 'data-quality'"),
    ])

    /// One page of the register in personal-number order, read to measure its quality (the system as
    /// `system:quality`, purpose 'data-quality'); each person's entry is appended once the page is read.
    public func qualityScan(after: String?, limit: Int, for request: AccessRequest) async throws -> [Person] {
        try await authorize(request, Self.qualityNeed, subject: nil, action: "quality-scan", fields: Self.wholeRecord)
        let page = try await register.records(after: after, limit: limit)
        let people = try page.map { try PersonCodec.decodePerson($0.record) }
        try await logRead(request, subjects: page.map(\.number), action: "quality-scan", fields: Self.wholeRecord)
        return people
    }

    /// The people whose life events the quality follower saw, read to measure them again; each logged.
    /// People no longer in the register are left out.
    public func qualityRead(_ numbers: [PersonalNumber], for request: AccessRequest) async throws -> [Person] {
        let answers = try await readMany(numbers, for: request, need: { _ in Self.qualityNeed }, action: "quality-measure", fields: Self.wholeRecord)
        return numbers.compactMap { number in
            if case .person(let person, _) = answers[number.rawValue] { return person }
            return nil
        }
    }

    /// One page of the register in personal-number order (the stored JSON), for export; each person's
    /// entry is appended once the page is read.
    public func export(after: String?, limit: Int, for request: AccessRequest) async throws -> [(number: String, record: String)] {
        try await authorize(request, Self.bulkNeed, subject: nil, action: "export", fields: Self.wholeRecord)
        let page = try await register.records(after: after, limit: limit)
        try await logRead(request, subjects: page.map(\.number), action: "export", fields: Self.wholeRecord)
        return page
    }
}
