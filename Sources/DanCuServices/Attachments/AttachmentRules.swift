import Crypto
public import DanCuCore

/// The checks an application's attachments pass before anything is stored: each names an attachment
/// of the procedure, once; is not empty and no larger than the catalogue allows; is, by its bytes, of
/// a media type the catalogue accepts (and the one declared, when one is); and every required one is
/// there. Pure. Problems name `attachments.<code>`.
enum AttachmentRules {
    /// `uploads` checked against `procedure`; `requireAll` is false for a supplement, which replaces
    /// only the attachments it sends.
    static func check(_ uploads: [AttachmentUpload], for procedure: Procedure, requireAll: Bool, at now: Int64)
        throws(ServiceError) -> [(kept: KeptAttachment, content: [UInt8])]
    {
        var problems: [RuleViolation] = []
        var accepted: [(kept: KeptAttachment, content: [UInt8])] = []
        var seen: Set<String> = []
        for (i, upload) in uploads.enumerated() {
            guard let declared = procedure.attachments.first(where: { $0.code == upload.code }) else {
                let known = procedure.attachments.map(\.code).joined(separator: ", ")
                problems.append(
                    RuleViolation(
                        field: "attachments[\(i)].code", rule: "known",
                        detail: known.isEmpty ? "this procedure takes no attachments" : "is one of: \(known)"))
                continue
            }
            let field = "attachments." + declared.code
            guard seen.insert(declared.code).inserted else {
                problems.append(RuleViolation(field: field, rule: "once", detail: "is sent twice; send each attachment once"))
                continue
            }
            guard !upload.content.isEmpty else {
                problems.append(RuleViolation(field: field, rule: "empty", detail: "is empty"))
                continue
            }
            guard upload.content.count <= declared.maxBytes else {
                problems.append(
                    RuleViolation(field: field, rule: "maxBytes", detail: "is \(upload.content.count) bytes; at most \(declared.maxBytes) are taken"))
                continue
            }
            guard let type = AttachmentUpload.mediaType(of: upload.content), declared.mediaTypes.contains(type) else {
                problems.append(
                    RuleViolation(
                        field: field, rule: "mediaType", detail: "is not a file of the kinds taken: \(declared.mediaTypes.joined(separator: ", "))"))
                continue
            }
            if let said = upload.declaredMediaType, said.lowercased() != type {
                problems.append(RuleViolation(field: field, rule: "mediaType", detail: "is \(type) by its content, not \(said.prefix(80))"))
                continue
            }
            let digest = ByteText.hex(SHA256.hash(data: upload.content))
            accepted.append(
                (
                    KeptAttachment(
                        code: declared.code, mediaType: type, byteCount: upload.content.count, sha256: digest,
                        fileName: AttachmentUpload.displayName(upload.fileName), addedAt: now),
                    upload.content
                ))
        }
        if requireAll {
            for declared in procedure.attachments where declared.required && !seen.contains(declared.code) {
                problems.append(RuleViolation(field: "attachments." + declared.code, rule: "required", detail: "is required: \(declared.name.en)"))
            }
        }
        guard problems.isEmpty else { throw .invalidFields(problems) }
        return accepted
    }
}
