import Crypto
import DanCuAccess
import DanCuCore
import DanCuRegister
import DanCuStore
import DanCuTestSupport
import Testing

@testable import DanCuServices

/// Files an earlier version kept in the register's rows move to the attachments' store at the next
/// start, every one still readable, and the register keeps only what each file is.
@Suite struct AttachmentMoveTests {
    typealias Desk = ServiceDeskTests

    @Test(arguments: Backend.all) func boxesKeptInTheRegisterMoveAndStillOpen(backend: Backend) async throws {
        try await GateFixture.with(backend) { f in
            // The register as services migration 2 left it, with 450 files (more than two chunks).
            try await Migrator.migrate(f.register.store, ServicesSchema.migrations)
            let files = (0..<450).map { i in
                (application: "T14-\(1_000 + i / 2)", code: i % 2 == 0 ? "birth-notice" : "portrait", content: Desk.pdf + [UInt8(i % 256)])
            }
            let boxes = try files.map { try Desk.vault.seal($0.content, boundTo: AttachmentTable.owner($0.application, $0.code)) }
            try await f.register.store.write { db in
                for (file, box) in zip(files, boxes) {
                    try db.execute(
                        """
                        INSERT INTO service_attachments (application, code, media_type, byte_count, sha256, file_name, added_at, sealed)
                        VALUES (?,?,'application/pdf',?,?,NULL,1,?)
                        """,
                        [
                            .text(file.application), .text(file.code), .int(Int64(file.content.count)), .text(ByteText.hex(SHA256.hash(data: file.content))),
                            .blob(box),
                        ])
                }
            }
            try await Desk.withFiles(backend, f) { store in
                let desk = try Desk.desk(f, files: store)
                // A move cut short before: the first ten are in the attachments' store already.
                try await Migrator.migrate(store, ServicesSchema.fileMigrations)
                try await desk.files.put(
                    zip(files, boxes).prefix(10).map { file, box in
                        AttachmentFiles.Box(
                            application: file.application, code: file.code, sha256: ByteText.hex(SHA256.hash(data: file.content)), sealed: box, storedAt: 1)
                    })

                try await desk.prepare()
                #expect(try await AttachmentTests.boxes(desk) == 450)
                #expect(try await f.register.store.read { db in try AttachmentMove.hasBoxes(db) } == false)
                for file in files {
                    #expect(try await desk.opened(file.code, of: file.application).content == file.content)
                }
                // The next start finds nothing to move.
                try await desk.prepare()
                #expect(try await AttachmentTests.boxes(desk) == 450)
                #expect(try await f.count("service_attachments") == 450)
            }
        }
    }
}
