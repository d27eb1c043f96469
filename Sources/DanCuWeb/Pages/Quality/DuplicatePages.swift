import DanCuAccess
import DanCuCore
import DanCuQuality
import Foundation
import HTTPTypes
import Hummingbird

/// The review queue's page (`/desk/duplicates`): each suspected pair side by side with the evidence in
/// words, and a form to decide it. A decision's mistake comes back beside its field, in Vietnamese.
struct DuplicatePages: Sendable {
    let renderer: PageRenderer

    struct Side {
        let number: String, name: String, born: String, sex: String, ward: String
    }

    struct EvidenceLine {
        let vietnamese: String, english: String, weight: String
    }

    struct PairView {
        let id: String, percent: String
        let first: Side, second: Side
        let evidence: [EvidenceLine]
        let csrf: String
        let reason: String, reasonError: String?, decisionError: String?
        let keepFirst: Bool, keepSecond: Bool, notMatch: Bool
    }

    struct QueueView {
        let officer: String, role: String, jurisdiction: String, csrf: String, notice: String?
        let pairs: [PairView]
        let hasPairs: Bool
    }

    /// What the officer sent with a decision that was refused, to show again beside its field.
    struct Failed {
        let first: String, second: String, decision: String, reason: String
        let field: String, message: String
    }

    func queue(
        _ pairs: [DuplicateReview.Pair], officer: Officer, units: AdministrativeUnits, csrf: String, notice: String? = nil, failed: Failed? = nil,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let views = pairs.map { pair -> PairView in
            let here = failed.map { Set([$0.first, $0.second]) == Set([pair.first.personalNumber.rawValue, pair.second.personalNumber.rawValue]) } ?? false
            let sent = here ? failed : nil
            return PairView(
                id: pair.first.personalNumber.rawValue + "-" + pair.second.personalNumber.rawValue,
                percent: String(format: "%.1f %%", pair.probability * 100), first: side(pair.first, units), second: side(pair.second, units),
                evidence: pair.evidence.map { EvidenceLine(vietnamese: $0.vietnamese, english: $0.english, weight: String(format: "%+.1f", $0.weight)) },
                csrf: csrf, reason: sent?.reason ?? "", reasonError: sent?.field == "reason" ? sent?.message : nil,
                decisionError: sent?.field == "decision" ? sent?.message : nil, keepFirst: sent?.decision == "keep-first",
                keepSecond: sent?.decision == "keep-second", notMatch: sent?.decision == "not-match")
        }
        return renderer.page(
            "desk-duplicates",
            QueueView(
                officer: officer.displayName, role: officer.role.rawValue, jurisdiction: officer.jurisdiction.description, csrf: csrf, notice: notice,
                pairs: views, hasPairs: !views.isEmpty),
            status: status)
    }

    func side(_ r: DuplicateReview.Record, _ units: AdministrativeUnits) -> Side {
        Side(
            number: r.personalNumber.rawValue, name: r.name, born: r.dateOfBirth.description, sex: r.sex == .male ? "Nam" : "Nữ",
            ward: r.wardCode.map { units.ward($0)?.name ?? $0 } ?? "—")
    }
}
