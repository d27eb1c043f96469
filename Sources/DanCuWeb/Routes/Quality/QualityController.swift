import DanCuAPI
import DanCuAccess
import DanCuCore
import DanCuQuality
import Foundation

/// Data quality over JSON: the figures per area (`/v1/quality/figures`), and the review queue of
/// suspected duplicates with its decisions (`/v1/quality/duplicates`, `/v1/quality/merges/undo`).
struct QualityController: Sendable {
    let desk: QualityDesk

    func qualityFigures(_ input: Operations.QualityFigures.Input) async throws -> Operations.QualityFigures.Output {
        let access = try OperationContext.required().accessRequest()
        let areas = try await desk.figures.figures(province: input.query.province, for: access)
        return .ok(.init(body: .json(.init(minimumCell: QualityFiguresView.minimumCell, items: areas.map(Self.area)))))
    }

    static func area(_ a: QualityFiguresView.Area) -> Components.Schemas.QualityArea {
        let share = { (d: QualityDimension) -> Double? in a.shares[d] ?? nil }
        return .init(
            level: .init(rawValue: a.level.rawValue) ?? .nation, code: a.code, name: a.name, suppressed: a.suppressed, records: a.records,
            shares: a.suppressed ? nil : .init(correct: share(.correct), complete: share(.complete), clean: share(.clean), live: share(.live)),
            meanCompleteness: a.meanCompleteness,
            breaking: a.suppressed
                ? nil
                : QualityRule.allCases.compactMap { rule in
                    guard let count = a.breaking[rule] else { return nil }
                    return .init(rule: rule.rawValue, dimension: rule.dimension.rawValue, vietnamese: rule.vietnamese, records: count)
                })
    }

    func duplicateQueue(_ input: Operations.DuplicateQueue.Input) async throws -> Operations.DuplicateQueue.Output {
        let access = try OperationContext.required().accessRequest()
        let pairs = try await desk.review.queue(limit: input.query.limit ?? 50, for: access)
        return .ok(.init(body: .json(.init(items: pairs.map(Self.pair)))))
    }

    static func pair(_ p: DuplicateReview.Pair) -> Components.Schemas.DuplicatePair {
        .init(
            first: record(p.first), second: record(p.second), probability: p.probability,
            foundAt: Date(timeIntervalSince1970: Double(p.foundAt) / 1_000_000),
            evidence: p.evidence.map { .init(field: $0.field, weight: $0.weight, english: $0.english, vietnamese: $0.vietnamese) })
    }

    static func record(_ r: DuplicateReview.Record) -> Components.Schemas.DuplicateRecord {
        .init(
            personalNumber: r.personalNumber, name: r.name, dateOfBirth: r.dateOfBirth.description, sex: r.sex.rawValue, wardCode: r.wardCode,
            vitalStatus: r.vitalStatus, version: r.version)
    }

    func decideDuplicate(_ input: Operations.DecideDuplicate.Input) async throws -> Operations.DecideDuplicate.Output {
        let access = try OperationContext.required().accessRequest()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let decision: DuplicateReview.Decision
        switch body.decision {
        case .match:
            guard let survivor = body.survivor else { throw Problem.badField("survivor", "name the record that survives a match", rule: "required") }
            decision = .match(survivor: survivor)
        case .notMatch:
            decision = .notMatch
        }
        let decided = try await desk.review.decide(body.personA, body.personB, decision, reason: body.reason, for: access)
        return .ok(
            .init(
                body: .json(
                    .init(
                        status: decided.merge == nil ? .notMatch : .match,
                        merge: decided.merge.map { .init(duplicate: $0.duplicate, survivor: $0.survivor) }))))
    }

    func undoMerge(_ input: Operations.UndoMerge.Input) async throws -> Operations.UndoMerge.Output {
        let access = try OperationContext.required().accessRequest()
        guard case .json(let body) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let merge = try await desk.review.undoMerge(body.duplicate, reason: body.reason, for: access)
        return .ok(.init(body: .json(.init(duplicate: merge.duplicate, survivor: merge.survivor))))
    }
}
