import DanCuAccess
import DanCuApp
import DanCuCore
import DanCuExchange
import DanCuStore
import DanCuTestSupport
import DanCuTransparency
import DanCuWeb
import HTTPTypes
import HummingbirdTesting
import Testing

/// Tamper evidence (issue 16): after the harness's traffic (officers, citizens, a member system) the
/// audit finds the log whole; then each kind of tampering with the database, done and undone in turn,
/// is found and named: a flipped bit in a stored entry and in a tile, an edited access-log row and
/// message-log line, a row gone from its leaf, two rows' leaves swapped, a row without a leaf, a
/// deleted row, a sequenced leaf whose row is gone before it was integrated. A log whose tiles no longer give its root is not signed again.
@Suite struct TransparencyAuditTests {
    @Test(arguments: Backend.all) func everyKindOfTamperingIsFoundAndNamed(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, _ in
            let log = try #require(h.services.transparency)
            let audit = LogAudit(log: log, withMessageLog: true)
            let store = h.fixture.logStore
            let gateway = try #require(h.services.exchange)
            try await gateway.messages.append(
                MessageLog.Entry(
                    at: 1, requestId: "audit-test", subsystem: h.member.subsystem, keyId: "k", method: "GET",
                    target: "http://localhost/x/v1/persons/\(try h.number("a1"))", status: 200, outcome: "ok", requestBase: "base",
                    requestSignature: "sig", responseBase: "base", responseSignature: "sig", service: "person-data"))
            // Enough reads that tile 0 is full (its hashes a tile, its entries a bundle) and tile 1 is being filled.
            let reader = AccessRequest(
                officer: Officer(username: "audit-reader", displayName: "Audit", role: .centralOfficer, jurisdiction: .nation), purpose: .publicService,
                requestId: "audit-fill")
            let a1 = try PersonalNumber(try h.number("a1"))
            for _ in 0..<256 { _ = try await h.services.gate.person(a1, for: reader) }
            try await log.checkpoints.publish()
            let clean = try await audit.run()
            #expect(clean.isClean, "\(clean.problems)")
            #expect(clean.size > 256 + 20 && clean.checkpointSize == clean.size)
            let message = try #require(
                try await store.read { db in try db.query("SELECT leaf FROM exchange_messages ORDER BY leaf LIMIT 1").first?["leaf"].int })

            /// Runs `change`, expects a problem saying `expected`, runs `undo`, expects a clean log again.
            func found(_ expected: String, _ change: [String], undo: [String], _ binds: [[SQLValue]] = []) async throws {
                try await store.write { db in for (i, sql) in change.enumerated() { try db.execute(sql, i < binds.count ? binds[i] : []) } }
                let report = try await audit.run()
                #expect(report.problems.contains { $0.contains(expected) }, "\(change): \(report.problems)")
                try await store.write { db in for sql in undo { try db.execute(sql) } }
                let again = try await audit.run()
                #expect(again.isClean, "after undoing \(change): \(again.problems)")
            }

            // A bit flipped in a stored public entry (in its tile's entry bundle, and a row of the tile still
            // being filled), and in a leaf hash (of a full tile, and of the tail).
            let tail = clean.size - 10
            for (table, column, row, expected) in [
                ("transparency_bundles", "entries", "idx = 0", "entry 3 does not hash to its leaf"),
                ("transparency_entries", "entry", "idx = \(tail)", "entry \(tail) does not hash to its leaf"),
                ("transparency_tiles", "hashes", "level = 0 AND idx = 0", "does not hash to its leaf"),
                ("transparency_tail", "hash", "idx = \(tail)", "does not hash to its leaf"),
            ] {
                let stored = try await store.read { db in try db.query("SELECT \(column) AS bytes FROM \(table) WHERE \(row)").first?["bytes"] }
                guard case .blob(let original) = try #require(stored) else { throw StoreError.unexpectedValue(column: column) }
                var flipped = original
                flipped[table == "transparency_bundles" ? try Self.middle(ofEntry: 3, inBundle: original) : flipped.count / 2] ^= 0x04
                try await store.write { [flipped] db in try db.execute("UPDATE \(table) SET \(column) = ? WHERE \(row)", [.blob(flipped)]) }
                let report = try await audit.run()
                #expect(report.problems.contains { $0.contains(expected) }, "\(table): \(report.problems)")
                #expect(
                    report.problems.contains { $0.contains("the tiles do not give the root of the last signed checkpoint") }
                        == ["transparency_tiles", "transparency_tail"].contains(table))
                try await store.write { db in try db.execute("UPDATE \(table) SET \(column) = ? WHERE \(row)", [.blob(original)]) }
                #expect(try await audit.run().isClean)
            }
            try await found(
                "the row of leaf 4 no longer gives its public entry", ["UPDATE access_log SET action = action || 'x' WHERE leaf = 4"],
                undo: ["UPDATE access_log SET action = substr(action, 1, length(action) - 1) WHERE leaf = 4"])
            try await found(
                "the row of leaf \(message) no longer gives its public entry",
                ["UPDATE exchange_messages SET target = target || 'x' WHERE leaf = \(message)"],
                undo: ["UPDATE exchange_messages SET target = substr(target, 1, length(target) - 1) WHERE leaf = \(message)"])
            try await found(
                "leaf 6 has no access-log entry", ["UPDATE access_log SET leaf = -1006 WHERE leaf = 6"],
                undo: ["UPDATE access_log SET leaf = 6 WHERE leaf = -1006"])
            let swap = [
                "UPDATE access_log SET leaf = -7 WHERE leaf = 7", "UPDATE access_log SET leaf = 7 WHERE leaf = 8",
                "UPDATE access_log SET leaf = 8 WHERE leaf = -7",
            ]
            try await found("the row of leaf 7 no longer gives its public entry", swap, undo: swap)
            try await found(
                "have no leaf: they were written around", ["UPDATE access_log SET leaf = NULL WHERE leaf = 9"],
                undo: ["UPDATE access_log SET leaf = 9 WHERE leaf IS NULL"])

            // Deleted for good: found, and no further checkpoint is signed over tiles that lost a leaf.
            try await store.write { db in try db.execute("DELETE FROM access_log WHERE leaf = 10") }
            #expect(try await audit.run().problems.contains { $0.contains("leaf 10 has no access-log entry") })
            // A leaf sequenced whose row is gone before it was integrated: the log stops there, and says so.
            try await store.write { db in try db.execute("UPDATE transparency_state SET sequenced = sequenced + 1") }
            #expect(try await audit.run().problems.contains { $0.contains("cannot be integrated: the entry of leaf \(clean.size) is missing") })
            await #expect(throws: TransparencyError.missingEntry(clean.size)) { try await log.checkpoints.publish() }
            try await store.write { db in
                try db.execute("UPDATE transparency_tail SET hash = ? WHERE idx = ?", [.blob(Array(repeating: 0, count: 32)), .int(tail)])
                try TransparencyLog().append([try Leaf(entry: Array("{}".utf8))], in: db)
            }
            await #expect(throws: TransparencyError.self) { try await log.checkpoints.publish() }
        }
    }

    /// Entries written before the transparency log existed (rows without a leaf, as an older version
    /// left them) get their leaves at the next start, and the log then verifies whole.
    @Test(arguments: Backend.all) func entriesFromBeforeTheLogGetTheirLeavesAtTheNextStart(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, _ in
            let log = try #require(h.services.transparency)
            let store = h.fixture.logStore
            let columns = "at, request_id, actor, role, subject, action, fields, purpose, decision"
            try await store.write { db in
                for i in 0..<3 {
                    try db.execute(
                        "INSERT INTO access_log (\(columns)) VALUES (?, ?, 'cb.old', 'commune-officer', '001085000105', 'read', 'name', 'residence-management', 'allowed')",
                        [.int(Int64(i)), .text("old-\(i)")])
                }
            }
            let before = try await LogAudit(log: log, withMessageLog: true).run()
            #expect(before.problems.contains { $0.contains("3 log rows have no leaf") })
            try await h.services.gate.prepare()
            let leaves = try await store.read { db in
                try db.query("SELECT leaf FROM access_log WHERE request_id LIKE 'old-%' ORDER BY id").compactMap { $0["leaf"].int }
            }
            #expect(leaves.count == 3 && leaves == leaves.sorted())
            let after = try await LogAudit(log: log, withMessageLog: true).run()
            #expect(after.isClean, "\(after.problems)")
        }
    }

    /// The leaves the requests worked out and handed to integration are the very ones their rows give
    /// again: the audit, which rebuilds every entry from its row, finds the log whole after officers'
    /// reads with Vietnamese names and a message-log line were integrated from memory.
    @Test(arguments: Backend.all) func leavesHeldInMemoryAreTheRowsOwn(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            let log = try #require(h.services.transparency)
            let held = try #require(log.checkpoints.sequenced)
            for key in ["a1", "a2", "a3"] {
                let response = try await client.execute(
                    uri: "/v1/persons/\(try h.number(key))", method: .get, headers: h.headers("central", purpose: .residenceManagement))
                #expect(response.status == .ok)
            }
            try await #require(h.services.exchange).messages.append(
                MessageLog.Entry(
                    at: 2, requestId: "held-test", subsystem: h.member.subsystem, keyId: "k", method: "POST", target: "http://localhost/x/v1/verify",
                    status: 200, outcome: "ok", requestBase: "\"@method\": POST", requestSignature: "sig", responseBase: nil, responseSignature: nil,
                    service: "verify"))
            #expect(held.count >= 4)
            try await log.checkpoints.publish()
            #expect(held.count == 0)
            let report = try await LogAudit(log: log, withMessageLog: true).run()
            #expect(report.isClean, "\(report.problems)")
        }
    }

    /// A register write's entries reach the log through the outbox (`AccessLogRelay`); their leaves are
    /// handed to integration as the reads' are, so a birth's entries are not read back from their rows,
    /// and they are the rows' own: the audit that rebuilds every entry finds the log whole.
    @Test(arguments: Backend.all) func leavesOfRelayedWritesAreHeldAndAreTheRowsOwn(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, client in
            let log = try #require(h.services.transparency)
            let held = try #require(log.checkpoints.sequenced)
            try await log.checkpoints.publish()
            @Sendable func relayed() async throws -> Int64 {
                try await h.fixture.logStore.read { db in
                    try db.query("SELECT count(*) AS n FROM access_log WHERE relayed_from IS NOT NULL").first?["n"].int ?? 0
                }
            }
            let relayedBefore = try await relayed()
            let before = held.count
            let response = try await BirthRuleTests.post(
                h, client,
                BirthRuleTests.birth(
                    name: "Trần Thị Ánh Dương", extra: #","father":{"name":"Nguyễn Văn An","personalNumber":"\#(try h.number("a1"))","nationality":"VNM"}"#))
            #expect(response.status == .created)
            let writes = try await relayed() - relayedBefore
            #expect(writes > 0)
            #expect(held.count >= before + Int(writes))
            let integrated = try await log.checkpoints.integration()
            #expect(integrated.count >= writes && integrated.rebuiltFromRows == nil, "\(integrated)")
            try await log.checkpoints.publish()
            let report = try await LogAudit(log: log, withMessageLog: true).run()
            #expect(report.isClean, "\(report.problems)")
        }
    }

    /// The check at start-up audits what came after the last clean audit, from the tile that holds its
    /// mark, after checking that the stored tiles still give the mark's root: an edited row after the
    /// mark and an edited tile of the levels above 0 before it are found; an edited row (or level-0
    /// tile) before it only by a whole audit (and, for a tile, by any monitor).
    @Test(arguments: Backend.all) func anAuditSinceTheLastMarkChecksWhatCameAfterIt(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, _ in
            let log = try #require(h.services.transparency)
            let audit = LogAudit(log: log, withMessageLog: true)
            let store = h.fixture.logStore
            let messages = try #require(h.services.exchange).messages
            func lines(_ count: Int, from first: Int) async throws {
                for i in first..<first + count {
                    try await messages.append(
                        MessageLog.Entry(
                            at: Int64(i), requestId: "mark-\(i)", subsystem: h.member.subsystem, keyId: "k", method: "GET",
                            target: "http://localhost/x/v1/events", status: 200, outcome: "ok", requestBase: nil, requestSignature: nil,
                            responseBase: nil, responseSignature: nil, service: "events"))
                }
            }
            // No mark yet: the first audit since one is whole.
            #expect(try await audit.run(.sinceLastAudit).from == 0)
            try await lines(300, from: 0)
            let whole = try await audit.run()
            #expect(whole.isClean && whole.from == 0, "\(whole.problems)")
            try await lines(10, from: 300)
            let since = try await audit.run(.sinceLastAudit)
            #expect(since.isClean, "\(since.problems)")
            #expect(since.from == whole.size - whole.size % 256 && since.from >= 256 && since.size == whole.size + 10)

            let early = try #require(try await store.read { db in try db.query("SELECT MIN(leaf) AS leaf FROM access_log").first?["leaf"].int })
            let late = try #require(try await store.read { db in try db.query("SELECT MAX(leaf) AS leaf FROM exchange_messages").first?["leaf"].int })
            #expect(early < since.from && late >= since.from)
            // A row edited after the mark: found since the mark.
            try await store.write { db in try db.execute("UPDATE exchange_messages SET outcome = 'edited' WHERE leaf = ?", [.int(late)]) }
            #expect(try await audit.run(.sinceLastAudit).problems.contains { $0.contains("the row of leaf \(late) no longer gives its public entry") })
            try await store.write { db in try db.execute("UPDATE exchange_messages SET outcome = 'ok' WHERE leaf = ?", [.int(late)]) }
            // A row edited before the mark: the whole audit finds it.
            try await store.write { db in try db.execute("UPDATE access_log SET actor = actor || 'x' WHERE leaf = ?", [.int(early)]) }
            #expect(try await audit.run(.sinceLastAudit).isClean)
            #expect(try await audit.run().problems.contains { $0.contains("the row of leaf \(early) no longer gives its public entry") })
            try await store.write { db in try db.execute("UPDATE access_log SET actor = substr(actor, 1, length(actor) - 1) WHERE leaf = ?", [.int(early)]) }
            // A hash edited in a tile of level 1 before the mark: the tree no longer gives the mark's root.
            let tile = try await store.read { db in try db.query("SELECT hashes FROM transparency_tiles WHERE level = 1 AND idx = 0").first?["hashes"] }
            guard case .blob(let original) = try #require(tile) else { throw StoreError.unexpectedValue(column: "hashes") }
            var flipped = original
            flipped[7] ^= 0x01
            try await store.write { [flipped] db in try db.execute("UPDATE transparency_tiles SET hashes = ? WHERE level = 1 AND idx = 0", [.blob(flipped)]) }
            #expect(try await audit.run(.sinceLastAudit).problems.contains { $0.contains("no longer give the root the audit of") })
            try await store.write { db in try db.execute("UPDATE transparency_tiles SET hashes = ? WHERE level = 1 AND idx = 0", [.blob(original)]) }
            #expect(try await audit.run(.sinceLastAudit).isClean)
        }
    }

    /// The whole audit runs beside the server (`WholeLogAudit`): lines appended and checkpoints signed
    /// while it runs are no problem of the log's.
    @Test(arguments: Backend.all) func aLogThatGrowsDuringTheAuditIsClean(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, _ in
            let log = try #require(h.services.transparency)
            let audit = LogAudit(log: log, withMessageLog: true)
            let messages = try #require(h.services.exchange).messages
            let traffic = Task {
                for i in 0..<400 {
                    try await messages.append(
                        MessageLog.Entry(
                            at: Int64(i), requestId: "grow-\(i)", subsystem: h.member.subsystem, keyId: "k", method: "GET",
                            target: "http://localhost/x/v1/events", status: 200, outcome: "ok", requestBase: nil, requestSignature: nil,
                            responseBase: nil, responseSignature: nil, service: "events"))
                    if i % 50 == 0 { try await log.checkpoints.publish() }
                }
            }
            var reports: [LogAudit.Report] = []
            for _ in 0..<8 { reports.append(try await audit.run()) }
            try await traffic.value
            for report in reports { #expect(report.isClean, "\(report.problems)") }
            #expect(Set(reports.map(\.size)).count > 1, "the log did not grow during the audits")
        }
    }

    /// A first start after a bulk import integrates leaves that nothing held in memory: rebuilt from
    /// their rows, appended 16 tiles a transaction, and not rebuilt from the rows a second time by the
    /// audit that follows. A checkpoint among such leaves still holds them to its root: a tree rewritten
    /// from edited rows under a signed checkpoint is found.
    @Test(arguments: Backend.all) func leavesTheStartRebuiltFromRowsAreNotRebuiltTwice(backend: Backend) async throws {
        try await WebHarness.with(backend: backend) { h, _ in
            let log = try #require(h.services.transparency)
            let audit = LogAudit(log: log, withMessageLog: true)
            let store = h.fixture.logStore
            try await log.checkpoints.publish()
            let before = try await store.read { db in try TransparencyLog.counts(in: db).size }
            let columns = ["at", "request_id", "actor", "role", "subject", "action", "fields", "purpose", "decision"]
            try await store.write { db in
                try db.bulkInsert(
                    table: "access_log", columns: columns,
                    rows: (0..<700).map { i in
                        [
                            .int(Int64(i)), .text("import-\(i)"), .text("dancu-import"), .text("commune-officer"), .text("001085000105"), .text("write"),
                            .text("record"), .text("residence-management"), .text("allowed"),
                        ]
                    })
            }
            try await h.services.gate.prepare()  // gives the 700 rows their leaves, as a start does
            let first = try await audit.run(.sinceLastAudit, tilesPerTransaction: 16)
            #expect(first.isClean, "\(first.problems)")
            #expect(first.integrated.count == 700 && first.integrated.rebuiltFromRows == before..<(before + 700))
            #expect(first.size == before + 700)
            // The whole audit rebuilds them all from their rows and agrees.
            #expect(try await audit.run().isClean)

            // The tree thrown away and rebuilt from rows of which one was edited, under the signed checkpoint.
            try await log.checkpoints.publish()
            try await store.write { db in
                for table in ["transparency_tiles", "transparency_bundles", "transparency_entries", "transparency_tail"] {
                    try db.execute("DELETE FROM \(table)")
                }
                try db.execute("UPDATE transparency_state SET size = 0, edge = ? WHERE one = 1", [.blob([])])
                try db.execute("UPDATE access_log SET action = 'read' WHERE request_id = 'import-5'")
            }
            let rewritten = try await audit.run()
            #expect(rewritten.integrated.rebuiltFromRows == 0..<(before + 700))
            #expect(rewritten.problems.contains { $0.contains("the tiles do not give the root of the last signed checkpoint") }, "\(rewritten.problems)")
        }
    }

    /// Where the middle byte of entry `index` of an entry bundle is.
    static func middle(ofEntry index: Int, inBundle bytes: [UInt8]) throws -> Int {
        var at = 0
        for _ in 0..<index { at += 2 + (Int(bytes[at]) << 8 | Int(bytes[at + 1])) }
        let length = Int(bytes[at]) << 8 | Int(bytes[at + 1])
        try #require(length > 0 && at + 2 + length <= bytes.count)
        return at + 2 + length / 2
    }
}
