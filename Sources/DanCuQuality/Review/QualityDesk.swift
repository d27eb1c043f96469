public import DanCuAccess
public import DanCuCore
public import DanCuStore

/// What the HTTP edge and the pages may use of data quality: the review queue of suspected duplicates
/// and the figures per area, each reached through the gate.
public struct QualityDesk: Sendable {
    public let review: DuplicateReview
    public let figures: QualityFiguresView

    public init(store: any Store, gate: Gate, scores: QualityScores, units: AdministrativeUnits, now: @escaping @Sendable () -> Int64) {
        review = DuplicateReview(store: store, gate: gate, now: now)
        figures = QualityFiguresView(scores: scores, gate: gate, units: units)
    }
}
