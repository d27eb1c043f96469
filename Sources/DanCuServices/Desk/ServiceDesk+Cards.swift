import DanCuAccess
import DanCuCard
import DanCuCore

/// Procedure 2 at the card office: the approval of its step is the card application, taken online with
/// the face of the holder's earlier card (the law lets a re-issue or renewal reuse the biometrics the
/// office holds), in the transaction that stores the approval. The card is then approved, produced and
/// delivered in the card office's own lifecycle (`/v1/cards`).
extension ServiceDesk {
    func takeCardApplication(
        form: ApplicationForm, change: Workflow.Change, step: Procedure.Step, application: ApplicationCase, request: AccessRequest
    ) async throws -> ApplicationCase {
        guard let office = cardOffice else { throw ServiceError.wrongState("this installation has no card office") }
        guard let reason = form.text("reason").flatMap(Self.cardReason) else {
            throw ServiceError.invalid(field: "fields.reason", detail: "give the reason for the new card")
        }
        let applicant = try PersonalNumber(application.applicant)
        // Card work is done for the purpose 'identity-card', and the gate logs it so.
        let cardRequest = AccessRequest(officer: request.officer, purpose: .identityCard, requestId: request.requestId)
        let grant = try await gate.grant(
            cardRequest, on: applicant, need: { .card(.apply, $0) }, action: "card-apply", fields: ["identityCard", "faceImage"])
        guard let face = try await office.referenceFace(of: applicant, grant: grant) else {
            throw ServiceError.wrongState("the card office holds no face of the applicant from an earlier card; they must apply at the counter")
        }
        let kind = reason.kind
        let biometrics = Biometrics(face: face, fingerprints: [], irises: [])
        let words = Self.cardWords(reason)
        let card = try await office.apply(
            for: applicant, CardApplication(kind: kind, reason: reason, biometrics: biometrics), grant: grant,
            alongside: { card, db in
                try ApplicationTable.update(change.noting(words(card.cardId), onApprovalOf: step.id), from: application, in: db)
            })
        return change.noting(words(card.cardId), onApprovalOf: step.id).application
    }

    /// The form's reason as the card office's.
    static func cardReason(_ text: String) -> CardApplication.Reason? {
        switch text {
        case "lost": .lost
        case "stolen": .stolen
        case "damaged": .damaged
        case "expired": .expired
        case "age-milestone": .renewalAge
        case "information-changed": .dataChanged
        default: nil
        }
    }

    /// The result line the applicant reads.
    static func cardWords(_ reason: CardApplication.Reason) -> @Sendable (String) -> String {
        let what = reason.kind == .reissue ? "cấp lại" : "đổi"
        let old = reason == .lost || reason == .stolen ? "; thẻ cũ đã được báo mất và không còn giá trị" : ""
        return { cardId in "Hồ sơ \(what) thẻ căn cước \(cardId) đã được tiếp nhận\(old); thẻ được sản xuất và trả theo quy trình của cơ quan quản lý căn cước"
        }
    }
}
