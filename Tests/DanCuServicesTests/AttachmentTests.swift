import Crypto
import DanCuAccess
import DanCuCore
import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Foundation
import Testing

@testable import DanCuServices

/// Attachments: checked by their bytes against the catalogue before anything is stored, kept sealed,
/// read back through the gate by the applicant and the officers of the case, and replaced by a
/// supplement's answer.
@Suite struct AttachmentTests {
    typealias Desk = ServiceDeskTests

    static func notice(_ content: [UInt8] = Desk.pdf, type: String? = nil, name: String? = "giấy chứng sinh.pdf") -> AttachmentUpload {
        AttachmentUpload(code: "birth-notice", content: content, declaredMediaType: type, fileName: name)
    }

    static func boxes(_ desk: ServiceDesk) async throws -> Int {
        try await desk.files.store.read { db in Int(try db.queryOne("SELECT COUNT(*) AS n FROM service_attachment_files")?["n"].int ?? -1) }
    }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64)

    @Test func theBytesDecideTheMediaType() {
        #expect(AttachmentUpload.mediaType(of: Desk.pdf) == "application/pdf")
        #expect(AttachmentUpload.mediaType(of: [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]) == "image/jpeg")
        #expect(AttachmentUpload.mediaType(of: Self.png) == "image/png")
        #expect(AttachmentUpload.mediaType(of: Array("<html>%PDF-".utf8)) == nil)
        #expect(AttachmentUpload.mediaType(of: Array("MZ\u{90}".utf8)) == nil)
        #expect(AttachmentUpload.mediaType(of: []) == nil)
        #expect(AttachmentUpload.displayName("C:\\Users\\an\\giấy\u{0}.pdf") == "giấy.pdf")
        #expect(AttachmentUpload.displayName("../../etc/passwd") == "passwd")
        #expect(AttachmentUpload.displayName("  ") == nil)
    }

    /// Printable ASCII takes a shorter way than other names; both give what a person should read.
    @Test func fileNamesReadTheSameWhicheverWayTheyTake() {
        #expect(AttachmentUpload.displayName("  giay chung sinh.pdf  ") == "giay chung sinh.pdf")
        #expect(AttachmentUpload.displayName("  giấy chứng sinh.pdf  ") == "giấy chứng sinh.pdf")
        #expect(AttachmentUpload.displayName("a/b\\  c.pdf") == "c.pdf")
        #expect(AttachmentUpload.displayName(String(repeating: "x", count: 130) + ".pdf") == String(repeating: "x", count: 120))
        #expect(AttachmentUpload.displayName("a.pdf\u{7F}") == "a.pdf")
        #expect(AttachmentUpload.displayName("a.pdf\t ") == "a.pdf")
        // Decomposed (NFD) Vietnamese comes back composed.
        #expect(AttachmentUpload.displayName("gia\u{0302}\u{0301}y.pdf") == "giấy.pdf")
        #expect(AttachmentUpload.displayName("/") == nil)
    }

    @Test(arguments: Backend.all) func badFilesAreRefusedByNameWithTheFormsMistakesAndNothingIsWritten(backend: Backend) async throws {
        try await Desk.with(backend) { f, desk in
            let parent = try Desk.citizen(f, "a1")
            func problems(_ files: [AttachmentUpload], form: [String: any Sendable] = Desk.birth) async -> [String] {
                do {
                    _ = try await desk.submit("birth-registration", form: form, attachments: files, eidLevel: 2, idempotencyKey: nil, for: parent)
                    return []
                } catch ServiceError.invalidFields(let list) {
                    return list.map { "\($0.field) \($0.rule)" }
                } catch { return ["\(error)"] }
            }
            #expect(await problems([]) == ["attachments.birth-notice required"])
            #expect(await problems([Self.notice(Array("xin chào".utf8))]) == ["attachments.birth-notice mediaType"])
            #expect(await problems([Self.notice(type: "image/png")]) == ["attachments.birth-notice mediaType"])
            #expect(await problems([Self.notice([])]) == ["attachments.birth-notice empty"])
            let tooLarge = Desk.pdf + [UInt8](repeating: 0x20, count: 5 * 1_024 * 1_024)
            #expect(await problems([Self.notice(tooLarge)]) == ["attachments.birth-notice maxBytes"])
            #expect(await problems([Self.notice(), Self.notice()]) == ["attachments.birth-notice once"])
            #expect(
                await problems([Self.notice(), AttachmentUpload(code: "portrait", content: Self.png)]) == ["attachments[1].code known"])
            // The form's mistakes and the files' in one answer.
            var noName = Desk.birth
            noName["childName"] = nil
            #expect(await problems([], form: noName) == ["fields.childName required", "attachments.birth-notice required"])
            // A procedure that takes no files refuses one.
            await #expect(
                throws: ServiceError.invalidFields([RuleViolation(field: "attachments[0].code", rule: "known", detail: "this procedure takes no attachments")])
            ) {
                try await desk.submit(
                    "temporary-absence",
                    form: ["destination": ["wardCode": GateFixture.wardC], "from": "2026-12-10", "until": "2026-12-20", "reason": "Công tác"],
                    attachments: [Self.notice()], eidLevel: 2, idempotencyKey: nil, for: parent)
            }
            for table in ["service_applications", "service_application_events", "service_attachments"] {
                #expect(try await f.count(table) == 0, "\(table)")
            }
            #expect(try await Self.boxes(desk) == 0)
        }
    }

    @Test(arguments: Backend.all) func aFileIsKeptSealedAndReadBackOnlyThroughTheGate(backend: Backend) async throws {
        try await Desk.with(backend) { f, desk in
            let parent = try Desk.citizen(f, "a1")
            let content = Desk.pdf + Array("% Nguyễn Minh Khôi, sinh tại Bệnh viện Phụ sản Hà Nội\n".utf8)
            let created = try await desk.submit(
                "birth-registration", form: Desk.birth, attachments: [Self.notice(content, type: "application/pdf")], eidLevel: 2,
                idempotencyKey: nil, for: parent)
            let code = created.value.application.code
            let digest = SHA256.hash(data: content).map { String(format: "%02x", $0) }.joined()
            let kept = try #require(created.value.attachments.first)
            #expect(created.value.attachments.count == 1)
            #expect(kept.code == "birth-notice" && kept.mediaType == "application/pdf" && kept.byteCount == content.count && kept.sha256 == digest)
            #expect(kept.fileName == "giấy chứng sinh.pdf")

            // At rest: neither the text nor the bytes, only the sealed box, in the attachments' store.
            let box = try #require(try await desk.files.load("birth-notice", of: code, sha256: digest))
            #expect(box.count == content.count + 28)
            #expect(!Data(box).contains(Data("Nguyễn Minh Khôi".utf8)) && !Data(box).starts(with: Data("%PDF".utf8)))

            // The applicant and the officers of the case read the same bytes; each read is logged.
            #expect(try await desk.attachment("birth-notice", of: code, for: parent).content == content)
            let officer = Desk.civilStatus(ward: GateFixture.wardA)
            #expect(try await desk.caseAttachment("birth-notice", of: code, for: officer).content == content)
            let reads = try await f.accessLog().filter { $0.action == "service-attachment-read" }
            #expect(reads.map(\.actor) == [parent.officer.username, officer.officer.username])
            #expect(reads.allSatisfy { $0.decision == "allowed" && $0.purpose == "public-service" })
            #expect(reads.map(\.subject) == [parent.officer.username, parent.officer.username])

            // No one else: another citizen as for an application that does not exist, another ward's
            // officer refused (and logged), an unknown code as not found.
            await #expect(throws: ServiceError.unknownApplication) {
                try await desk.attachment("birth-notice", of: code, for: try Desk.citizen(f, "b1"))
            }
            await #expect(throws: AccessError.self) {
                try await desk.caseAttachment("birth-notice", of: code, for: Desk.civilStatus(ward: GateFixture.wardB))
            }
            #expect(try await f.accessLog().contains { $0.action == "service-attachment-read" && $0.decision == "denied" })
            await #expect(throws: ServiceError.unknownAttachment("portrait")) {
                try await desk.attachment("portrait", of: code, for: parent)
            }

            // A box moved to another application does not open.
            let other = try await desk.submit(
                "birth-registration", form: Desk.birth, attachments: [Self.notice(Self.png)], eidLevel: 2, idempotencyKey: nil, for: parent
            ).value.application.code
            try await f.register.store.write { db in
                try db.execute(
                    "UPDATE service_attachments SET byte_count = ?, sha256 = ? WHERE application = ?",
                    [.int(Int64(content.count)), .text(digest), .text(other)])
            }
            try await desk.files.put([AttachmentFiles.Box(application: other, code: "birth-notice", sha256: digest, sealed: box, storedAt: 0)])
            await #expect(throws: DataVault.VaultError.cannotOpen) {
                try await desk.attachment("birth-notice", of: other, for: parent)
            }
            // Nor a file whose row names another content: its box is not found, or is not that file.
            let png = SHA256.hash(data: Self.png).map { String(format: "%02x", $0) }.joined()
            try await f.register.store.write { db in
                try db.execute("UPDATE service_attachments SET sha256 = ? WHERE application = ?", [.text(png), .text(code)])
            }
            await #expect(throws: StoreError.self) { try await desk.attachment("birth-notice", of: code, for: parent) }
            try await desk.files.put([AttachmentFiles.Box(application: code, code: "birth-notice", sha256: png, sealed: box, storedAt: 0)])
            await #expect(throws: StoreError.self) { try await desk.attachment("birth-notice", of: code, for: parent) }
        }
    }

    @Test(arguments: Backend.all) func aSupplementsFileReplacesTheOldOneAndTheKeyRemembersTheFiles(backend: Backend) async throws {
        try await Desk.with(backend) { f, desk in
            let parent = try Desk.citizen(f, "a1")
            let officer = Desk.civilStatus(ward: GateFixture.wardA)
            let first = try await desk.submit(
                "birth-registration", form: Desk.birth, attachments: [Self.notice()], eidLevel: 2, idempotencyKey: "k-files", for: parent)
            let code = first.value.application.code
            // The same key with the same form and another file is another application: refused.
            await #expect(throws: ServiceError.invalid(field: "Idempotency-Key", detail: "was used for another application; use a new key for a new one")) {
                try await desk.submit(
                    "birth-registration", form: Desk.birth, attachments: [Self.notice(Self.png)], eidLevel: 2, idempotencyKey: "k-files", for: parent)
            }
            let again = try await desk.submit(
                "birth-registration", form: Desk.birth, attachments: [Self.notice()], eidLevel: 2, idempotencyKey: "k-files", for: parent)
            #expect(again.replayed && again.value.application.code == code && again.value.attachments == first.value.attachments)

            _ = try await desk.decide(.requestSupplement(reason: "Ảnh giấy chứng sinh bị mờ"), step: "birth", of: code, for: officer)
            // A bad file in the answer changes nothing.
            await #expect(throws: ServiceError.self) {
                try await desk.answerSupplement(code, note: nil, form: nil, attachments: [Self.notice(Array("mờ".utf8))], for: parent)
            }
            #expect(try await desk.application(code, for: parent).application.status == .supplementRequested)

            let answered = try await desk.answerSupplement(
                code, note: "Ảnh rõ hơn", form: nil, attachments: [Self.notice(Self.png, name: "chup-lai.png")], for: parent)
            #expect(answered.application.status == .received)
            #expect(answered.events.suffix(2).map(\.kind) == [.supplementAnswered, .attachmentSent] && answered.events.last?.note == "birth-notice")
            #expect(answered.attachments.map(\.mediaType) == ["image/png"] && answered.attachments.first?.fileName == "chup-lai.png")
            #expect(try await desk.caseAttachment("birth-notice", of: code, for: officer).content == Self.png)
            #expect(try await f.count("service_attachments") == 1)
            // The replaced file is gone from the attachments' store.
            #expect(try await Self.boxes(desk) == 1)
        }
    }
}
