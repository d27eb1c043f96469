public import DanCuCore
public import DanCuStore

/// One life event as the outbox announces it: who, which event, of which kind, when it was recorded.
public struct AnnouncedEvent: Sendable, Equatable {
    /// The outbox's own order: a follower keeps the last it saw.
    public let position: Int64
    public let personalNumber: String
    public let seq: Int
    public let kind: String
    public let recordedAt: Int64
}

extension Register {
    /// The life events announced after `position`, oldest first: the outbox every event's transaction
    /// writes, read by followers outside the register (the exchange's subscriptions).
    @_spi(Gate) public func announcedEvents(after position: Int64, limit: Int) async throws -> [AnnouncedEvent] {
        try await store.readOne { db in
            try db.query(
                "SELECT id, personal_number, seq, kind, recorded_at FROM outbox WHERE id > ? ORDER BY id LIMIT ?",
                [.int(position), .int(Int64(limit))]
            ).map {
                AnnouncedEvent(
                    position: try $0.int("id"), personalNumber: try $0.string("personal_number"), seq: Int(try $0.int("seq")),
                    kind: try $0.string("kind"), recordedAt: try $0.int("recorded_at"))
            }
        }
    }

    /// The position of the newest announcement (0 when there is none).
    @_spi(Gate) public func latestAnnouncement() async throws -> Int64 {
        try await store.readOne { db in try db.queryOne("SELECT COALESCE(MAX(id), 0) AS n FROM outbox")?["n"].int ?? 0 }
    }
}
