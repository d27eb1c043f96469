public import DanCuCore
@_spi(Gate) public import DanCuRegister

/// Merging a duplicate record into the one that survives, and undoing a merge found wrong. Both records
/// are judged by `need` for where each person belongs, before anything is written; the change and its
/// entries (one per record) commit together, with whatever `alongside` writes (the review queue's
/// decision).
extension Gate {
    public struct Merge: Sendable, Equatable {
        public let duplicate: PersonalNumber
        public let survivor: PersonalNumber
        /// The versions of the two records after the change.
        public let duplicateVersion: Int
        public let survivorVersion: Int
    }

    /// The fields a merge changes, as the access log names them.
    public static let mergeFieldNames = ["mergedInto", "mergedNumbers"]

    public func merge(
        _ duplicate: PersonalNumber, into survivor: PersonalNumber, reason: String, need: (Area) -> AccessPolicy.Need,
        for request: AccessRequest, alongside: (any RegisterFollower)? = nil
    ) async throws -> Merge {
        let action = "merge-duplicate"
        try await requirePurpose(request, subject: duplicate.rawValue, action: action, fields: Self.mergeFieldNames)
        for number in [duplicate, survivor] {
            let area = try await area(of: number, for: request, action: action, fields: Self.mergeFieldNames)
            try await authorize(request, need(area), subject: number.rawValue, action: action, fields: Self.mergeFieldNames)
        }
        let versions = try await writer(request, action: action, fields: Self.mergeFieldNames, alongside: alongside)
            .merge(duplicate, into: survivor, officer: request.officer.username, reason: reason)
        try await relay.run()
        return Merge(duplicate: duplicate, survivor: survivor, duplicateVersion: versions.duplicate, survivorVersion: versions.survivor)
    }

    /// Undoes the merge of `duplicate` (a cancelled number) into its survivor.
    public func undoMerge(
        _ duplicate: PersonalNumber, reason: String, need: (Area) -> AccessPolicy.Need,
        for request: AccessRequest, alongside: (any RegisterFollower)? = nil
    ) async throws -> Merge {
        let action = "undo-merge"
        try await requirePurpose(request, subject: duplicate.rawValue, action: action, fields: Self.mergeFieldNames)
        let record: Person
        do { record = try await register.person(duplicate).person } catch RegisterError.personNotFound {
            try await refuseUnknown(duplicate, for: request, action: action, fields: Self.mergeFieldNames)
        }
        try await authorize(request, need(Area(of: record, units: units)), subject: duplicate.rawValue, action: action, fields: Self.mergeFieldNames)
        if let survivor = record.mergedInto {
            let area = try await area(of: survivor, for: request, action: action, fields: Self.mergeFieldNames)
            try await authorize(request, need(area), subject: survivor.rawValue, action: action, fields: Self.mergeFieldNames)
        }
        let undone = try await writer(request, action: action, fields: Self.mergeFieldNames, alongside: alongside)
            .undoMerge(duplicate, officer: request.officer.username, reason: reason)
        try await relay.run()
        return Merge(duplicate: duplicate, survivor: undone.survivor, duplicateVersion: undone.duplicateVersion, survivorVersion: undone.survivorVersion)
    }
}
