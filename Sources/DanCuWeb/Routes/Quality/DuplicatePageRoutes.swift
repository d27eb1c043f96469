import DanCuAccess
import DanCuCore
import DanCuEID
import DanCuQuality
import Foundation
import HTTPTypes
import Hummingbird

/// The review queue of suspected duplicates as pages, for province and central officers signed in at
/// the desk (`/desk/duplicates`, the desk's cookie and CSRF token). Each pair shown is read through the
/// gate with the purpose 'data-quality'; a decision goes through it for both people.
enum DuplicatePageRoutes {
    static func add(to router: Router<AppContext>, _ services: Services, pages: DuplicatePages, desk: DeskPages) {
        guard let quality = services.quality else { return }
        let accounts = services.accounts
        let units = services.reference.units
        let secure = services.oidc?.issuer.hasPrefix("https:") == true

        @Sendable func queue(
            _ officer: Officer, token: String, requestId: String, notice: String? = nil, failed: DuplicatePages.Failed? = nil,
            status: HTTPResponse.Status = .ok
        ) async throws -> Response {
            let access = AccessRequest(officer: officer, purpose: .dataQuality, requestId: requestId)
            let pairs = try await quality.review.queue(limit: 50, for: access)
            return pages.queue(pairs, officer: officer, units: units, csrf: DeskPageRoutes.csrf(token), notice: notice, failed: failed, status: status)
        }

        router.get("/desk/duplicates") { request, context in
            guard let (token, officer) = await DeskPageRoutes.signedIn(request, accounts: accounts) else {
                return DeskPageRoutes.signIn(desk, secure: secure)
            }
            let notice = Handling.query(request, "decided").map { Self.notice($0) }
            return try await shown(desk) { try await queue(officer, token: token, requestId: context.requestId, notice: notice) }
        }

        router.post("/desk/duplicates") { request, context in
            guard let form = try await OIDCRoutes.pageForm(request, context) else { return desk.renderer.badForm }
            guard let (token, officer) = await DeskPageRoutes.signedIn(request, accounts: accounts), DeskPageRoutes.passes(form, token) else {
                return DeskPageRoutes.signIn(desk, secure: secure)
            }
            let access = AccessRequest(officer: officer, purpose: .dataQuality, requestId: context.requestId)
            let first = form["personA"] ?? ""
            let second = form["personB"] ?? ""
            let chosen = form["decision"] ?? ""
            let reason = form["reason"] ?? ""
            func again(_ field: String, _ message: String) async throws -> Response {
                let failed = DuplicatePages.Failed(first: first, second: second, decision: chosen, reason: reason, field: field, message: message)
                return try await queue(officer, token: token, requestId: context.requestId, failed: failed, status: .badRequest)
            }
            return try await shown(desk) {
                guard let a = try? PersonalNumber(first), let b = try? PersonalNumber(second) else {
                    return desk.renderer.message("Yêu cầu không hợp lệ / Invalid request", "Cặp hồ sơ không hợp lệ.", status: .badRequest)
                }
                let decision: DuplicateReview.Decision
                switch chosen {
                case "keep-first": decision = .match(survivor: a)
                case "keep-second": decision = .match(survivor: b)
                case "not-match": decision = .notMatch
                default: return try await again("decision", "Chọn một quyết định: giữ bản ghi 1, giữ bản ghi 2, hoặc hai người khác nhau.")
                }
                do {
                    _ = try await quality.review.decide(a, b, decision, reason: reason, for: access)
                } catch QualityError.invalid(let field, _) where field == "reason" {
                    return try await again("reason", "Ghi lý do và cách đã xác minh (tối đa 500 ký tự).")
                }
                return Response(
                    status: .seeOther,
                    headers: [.location: "/desk/duplicates?decided=\(chosen == "not-match" ? "not-match" : "match")", .cacheControl: "no-store"])
            }
        }
    }

    static func notice(_ decided: String) -> String {
        decided == "not-match"
            ? "Đã ghi: hai người khác nhau. / Recorded: two people."
            : "Đã gộp hai bản ghi; số định danh của bản ghi kia đã bị hủy và trỏ về bản ghi được giữ. / Merged."
    }

    /// A page, or a refusal as a page with its status (the gate's, the queue's or the register's).
    static func shown(_ desk: DeskPages, _ work: () async throws -> Response) async throws -> Response {
        do {
            return try await work()
        } catch let error as AccessError {
            return desk.renderer.message("Không được phép / Not allowed", error.description, status: .forbidden)
        } catch let error as any Refusal {
            // An open pair no longer open, a merge the register's rules refuse (a record already merged).
            return desk.renderer.message("Không thực hiện được / Not possible", error.description, status: HTTPResponse.Status(code: error.status))
        }
    }
}
