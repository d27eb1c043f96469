public import DanCuCore

/// Merging a duplicate into the record that survives, and undoing it: each in one transaction that
/// appends an event to both records, so neither history loses anything and both change together.
extension Register {
    /// The duplicate's number is cancelled and resolves to the survivor's; the survivor keeps it.
    @_spi(Gate) public func merge(
        _ duplicate: PersonalNumber, into survivor: PersonalNumber, officer: String, reason: String
    ) async throws -> (duplicate: Int, survivor: Int) {
        let reference = self.reference
        let clock = self.clock
        try Self.requireReason(reason)
        return try await witnessedWrite { table in
            let now = clock.nowMicros()
            let today = clock.today()
            let cancelled = try Self.change(
                duplicate, .mergedInto(survivor: survivor), validFrom: today, at: now, officer: officer, reason: reason,
                expectedVersion: nil, table: table, reference: reference)
            let kept = try Self.change(
                survivor, .duplicateMerged(duplicate: duplicate), validFrom: today, at: now, officer: officer, reason: reason,
                expectedVersion: nil, table: table, reference: reference)
            return (cancelled.version, kept.version)
        }
    }

    /// A merge corrected: the cancelled number is valid again and the survivor lets go of it. Returns
    /// the survivor's number, taken from the duplicate's record, and both records' new versions.
    @_spi(Gate) public func undoMerge(
        _ duplicate: PersonalNumber, officer: String, reason: String
    ) async throws -> (survivor: PersonalNumber, duplicateVersion: Int, survivorVersion: Int) {
        let reference = self.reference
        let clock = self.clock
        try Self.requireReason(reason)
        return try await witnessedWrite { table in
            try table.lockForChange(duplicate)
            guard let (record, _) = try table.load(duplicate) else { throw RegisterError.personNotFound(duplicate) }
            guard let survivor = record.mergedInto else {
                throw RegisterError.invalid([
                    RuleViolation(field: "personalNumber", rule: "notMerged", detail: "\(duplicate) was not merged into another record")
                ])
            }
            let now = clock.nowMicros()
            let today = clock.today()
            let restored = try Self.change(
                duplicate, .mergeUndone(other: survivor), validFrom: today, at: now, officer: officer, reason: reason,
                expectedVersion: nil, table: table, reference: reference)
            let released = try Self.change(
                survivor, .mergeUndone(other: duplicate), validFrom: today, at: now, officer: officer, reason: reason,
                expectedVersion: nil, table: table, reference: reference)
            return (survivor, restored.version, released.version)
        }
    }

    static func requireReason(_ reason: String) throws {
        guard reason.contains(where: { !$0.isWhitespace }), reason.count <= 500 else {
            throw RegisterError.invalid([
                RuleViolation(field: "reason", rule: "reasonRequired", detail: "say why, in at most 500 characters")
            ])
        }
    }
}
