import DanCuAccess
import DanCuStore
import DanCuTestSupport
import Testing

@testable import DanCuServices

/// Boxes no application names (a refused submission's, a crash's) are deleted once they are older than
/// the grace a submission needs; boxes an application names, and young ones, stay.
@Suite struct AttachmentSweepTests {
    typealias Desk = ServiceDeskTests

    @Test(arguments: Backend.all) func boxesNoApplicationNamesGoOnceOlderThanTheGrace(backend: Backend) async throws {
        try await Desk.with(backend) { f, desk in
            let parent = try Desk.citizen(f, "a1")
            let named = try await desk.submit(
                "birth-registration", form: Desk.birth, attachments: [AttachmentTests.notice()], eidLevel: 2, idempotencyKey: nil, for: parent)
            let code = named.value.application.code
            let stored = try #require(named.value.attachments.first).addedAt
            func orphan(_ application: String, at: Int64) -> AttachmentFiles.Box {
                AttachmentFiles.Box(application: application, code: "birth-notice", sha256: String(repeating: "a", count: 64), sealed: [1, 2, 3], storedAt: at)
            }
            // Refused submissions' files: one before the application above, one a moment after.
            try await desk.files.put([orphan("T14-OLD", at: stored - 10), orphan("T14-YOUNG", at: stored + 10)])
            // And a second box under the named application, another digest than its row's.
            try await desk.files.put([orphan(code, at: stored - 5)])
            #expect(try await AttachmentTests.boxes(desk) == 4)

            // The cutoff falls between the named box and the young orphan; two boxes a batch.
            var swept = (examined: 0, deleted: 0)
            while true {
                let batch = try await desk.sweepAttachments(before: stored + 1, batch: 2)
                if batch.examined == 0 { break }
                swept = (swept.examined + batch.examined, swept.deleted + batch.deleted)
            }
            #expect(swept.examined == 3 && swept.deleted == 2)
            let left = try await desk.files.store.read { db in
                try db.query("SELECT application FROM service_attachment_files ORDER BY stored_at").map { try $0.string("application") }
            }
            #expect(left == [code, "T14-YOUNG"])
            #expect(try await desk.attachment("birth-notice", of: code, for: parent).content == Desk.pdf)

            // Later, the young one is old: the sweep goes on from where it stopped.
            #expect(try await desk.sweepAttachments(before: stored + 11, batch: 2) == (1, 1))
            #expect(try await desk.sweepAttachments(before: stored + 11, batch: 2) == (0, 0))
            #expect(try await AttachmentTests.boxes(desk) == 1)
        }
    }
}
