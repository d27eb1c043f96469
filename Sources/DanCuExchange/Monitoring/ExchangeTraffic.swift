public import DanCuCore
public import DanCuStore

/// The gateway's traffic from its message log: per member, subsystem and service, how many messages,
/// how many refused or failed, and how long answers took. Members are organisations, so the counts are
/// open data (X-Road publishes the same); nothing in them is about a person.
public struct ExchangeTraffic: Sendable {
    let store: any Store

    public init(store: any Store) { self.store = store }

    public struct Row: Sendable, Equatable {
        public let member: String
        public let subsystem: String
        public let service: String
        public let requests: Int
        /// Answered 4xx or 5xx.
        public let refused: Int
        public let meanMicros: Int64
        public let slowestMicros: Int64

        public init(member: String, subsystem: String, service: String, requests: Int, refused: Int, meanMicros: Int64, slowestMicros: Int64) {
            self.member = member
            self.subsystem = subsystem
            self.service = service
            self.requests = requests
            self.refused = refused
            self.meanMicros = meanMicros
            self.slowestMicros = slowestMicros
        }
    }

    /// The traffic between `from` and `to` (microseconds), busiest first. Messages refused before a
    /// signature named a member are counted under member `-`.
    public func rows(from: Int64, to: Int64) async throws -> [Row] {
        try await store.read { db in
            try db.query(
                """
                SELECT COALESCE(member, '-') AS member, COALESCE(subsystem, '-') AS subsystem, COALESCE(service, '') AS service,
                  COUNT(*) AS requests, SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS refused,
                  CAST(AVG(COALESCE(duration_us, 0)) AS BIGINT) AS mean, MAX(COALESCE(duration_us, 0)) AS slowest
                FROM exchange_messages WHERE at >= ? AND at < ?
                GROUP BY COALESCE(member, '-'), COALESCE(subsystem, '-'), COALESCE(service, '')
                ORDER BY requests DESC, member, subsystem, service
                """, [.int(from), .int(to)]
            ).map { row in
                Row(
                    member: try row.string("member"), subsystem: try row.string("subsystem"), service: try row.string("service"),
                    requests: Int(try row.int("requests")), refused: Int(row["refused"].int ?? 0), meanMicros: row["mean"].int ?? 0,
                    slowestMicros: row["slowest"].int ?? 0)
            }
        }
    }

    /// One civil day in Viet Nam (UTC+7), as the daily open-data file covers it.
    public static func bounds(of day: LocalDate) -> (from: Int64, to: Int64) {
        let start = (Int64(day.dayNumber) * 86_400 - CivilClock.vietnamOffsetSeconds) * 1_000_000
        return (start, start + 86_400 * 1_000_000)
    }

    /// The day's open data as CSV: one line per member, subsystem and service.
    public static func csv(_ rows: [Row], day: LocalDate) -> String {
        (["day,member,subsystem,service,requests,refused,mean_ms,slowest_ms"]
            + rows.map {
                "\(day),\($0.member),\($0.subsystem),\($0.service),\($0.requests),\($0.refused),"
                    + "\(Double($0.meanMicros / 100) / 10),\(Double($0.slowestMicros / 100) / 10)"
            }).joined(separator: "\n") + "\n"
    }
}
