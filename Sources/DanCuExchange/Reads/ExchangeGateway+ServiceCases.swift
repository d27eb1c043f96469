public import DanCuAccess
public import DanCuCore
import Foundation

/// What public services ask of the gateway when a member system decides a step of an application
/// (dịch vụ công liên thông): the member's grant of `service-cases`, judged like any other read, by the
/// application's ward for a grant limited to a province. The services module holds the applications;
/// the gateway only says whether, and under which law, the member may see and decide them.
extension ExchangeGateway {
    /// The gate's grant for `caller` to read `fields` of `people`, the applicant and the person an
    /// application handled in `wardCode` is about, or its logged refusal. No fields: the right to
    /// decide the application's step, which reads no one.
    public func allowCaseWork(_ caller: MemberCaller, wardCode: String, people: [String], fields: [String], action: String) async throws
        -> AccessGrant
    {
        if !fields.isEmpty { try Self.checkFields(fields, of: .serviceCases) }
        let judged = try await judge(caller, service: .serviceCases, fields: fields, subject: nil)
        return try await gate.grant(judged.request, judged.need(gate.area(ofWard: wardCode)), subjects: people, action: action, fields: fields)
    }

    /// Authorizes a member to list its open steps (codes and due days, no one named): a grant of
    /// `service-cases` for the request's purpose and legal basis; a refusal is logged.
    public func permitCaseQueue(_ caller: MemberCaller) async throws {
        let judged = try await judge(caller, service: .serviceCases, fields: [], subject: nil)
        try await gate.permit(judged.request, judged.asWhole, action: "x-service-queue")
    }
}
