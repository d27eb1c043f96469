public import DanCuAccess
import DanCuStore

/// An attachment read back, with its content opened.
public struct AttachmentContent: Sendable {
    public let attachment: KeptAttachment
    public let content: [UInt8]
}

extension ServiceDesk {
    /// A file of the citizen's own application. Another person's application is answered as one that
    /// does not exist; each read is logged.
    public func attachment(_ attachmentCode: String, of code: String, for request: AccessRequest) async throws -> AttachmentContent {
        let stored = try await ownApplication(code, for: request)
        let applicant = request.officer.username
        let grant = try await gate.grant(
            request, .ownApplication(applicant), subject: applicant, action: "service-attachment-read", fields: ["attachments"])
        let file = try await opened(attachmentCode, of: stored.application.code)
        try await grant.logRead()
        return file
    }

    /// A file of an application of the officer's jurisdiction, read through the gate (logged about its
    /// applicant and subject, purpose 'public-service').
    public func caseAttachment(_ attachmentCode: String, of code: String, for request: AccessRequest) async throws -> AttachmentContent {
        let stored = try await load(code)
        let grant = try await officerGrant(stored.application, desk: nil, action: "service-attachment-read", request: request)
        let file = try await opened(attachmentCode, of: stored.application.code)
        try await grant.logRead()
        return file
    }

    func opened(_ attachmentCode: String, of application: String) async throws -> AttachmentContent {
        guard let vault, let (kept, sealed) = try await store.read({ db in try AttachmentTable.load(attachmentCode, of: application, in: db) }) else {
            throw ServiceError.unknownAttachment(attachmentCode)
        }
        let content = try vault.open(sealed, boundTo: AttachmentTable.owner(application, kept.code))
        return AttachmentContent(attachment: kept, content: content)
    }

    /// What the applicant's log entry for a submission or a supplement names: their record, and the
    /// attachments when it stores some. Refused, before anything is read or written, where this
    /// installation has no key to keep them with.
    func touched(storing files: [(kept: KeptAttachment, content: [UInt8])]) throws(ServiceError) -> [String] {
        guard !files.isEmpty else { return ["record"] }
        guard vault != nil else { throw .notAllowed("this installation has no key to keep attachments with") }
        return ["record", "attachments"]
    }

    /// `content` sealed for the row of `code` in `application`.
    func sealedContent(_ content: [UInt8], application: String, code: String) throws -> [UInt8] {
        guard let vault else { throw ServiceError.notAllowed("this installation has no key to keep attachments with") }
        return try vault.seal(content, boundTo: AttachmentTable.owner(application, code))
    }
}
