import Crypto
public import DanCuAccess
import DanCuCore
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

    /// The file the application's row names, opened; its content must have the row's SHA-256.
    func opened(_ attachmentCode: String, of application: String) async throws -> AttachmentContent {
        guard let vault, let kept = try await store.read({ db in try AttachmentTable.load(attachmentCode, of: application, in: db) }) else {
            throw ServiceError.unknownAttachment(attachmentCode)
        }
        guard let sealed = try await files.load(kept.code, of: application, sha256: kept.sha256) else {
            throw StoreError.backend("the content of attachment \(kept.code) of \(application) is missing from the attachments' store")
        }
        let content = try vault.open(sealed, boundTo: AttachmentTable.owner(application, kept.code))
        guard ByteText.hex(SHA256.hash(data: content)) == kept.sha256 else {
            throw StoreError.backend("attachment \(kept.code) of \(application) is not the file its row describes")
        }
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

    /// `content`, the file `kept` describes, sealed for its row in `application`.
    func box(_ content: [UInt8], of kept: KeptAttachment, application: String) throws -> AttachmentFiles.Box {
        guard let vault else { throw ServiceError.notAllowed("this installation has no key to keep attachments with") }
        return AttachmentFiles.Box(
            application: application, code: kept.code, sha256: kept.sha256,
            sealed: try vault.seal(content, boundTo: AttachmentTable.owner(application, kept.code)),
            storedAt: kept.addedAt)
    }
}

extension ServiceDesk {
    /// How long a box may wait for the application that names it before the sweep takes it for an orphan.
    public static let attachmentGrace = Duration.seconds(3_600)

    /// One batch of the sweep of boxes no application names (`AttachmentSweep`), among those stored
    /// more than `attachmentGrace` ago; returns how many boxes it looked at (0 once caught up) and
    /// how many it deleted.
    @discardableResult
    public func sweepAttachments(batch: Int = 500) async throws -> (examined: Int, deleted: Int) {
        try await sweepAttachments(before: clock.nowMicros() - Self.attachmentGrace.components.seconds * 1_000_000, batch: batch)
    }

    func sweepAttachments(before cutoff: Int64, batch: Int) async throws -> (examined: Int, deleted: Int) {
        try await AttachmentSweep.next(register: store, files: files.store, before: cutoff, batch: batch)
    }
}
