import Foundation

/// What a `postgres://` URL names, including libpq's multi-host form:
/// `postgres://user:password@h1:5432,h2:5432/db?target_session_attrs=read-write`. With several hosts the
/// store writes to the one that is the primary (not in recovery) and finds it again after a failover.
public struct PostgresTarget: Sendable, Equatable {
    public struct Host: Sendable, Equatable, CustomStringConvertible {
        public let name: String
        public let port: Int
        public var description: String { "\(name):\(port)" }
    }

    public let hosts: [Host]
    public let user: String
    public let password: String?
    public let database: String?
    /// Which host will do, as libpq's `target_session_attrs` says.
    public enum SessionAttributes: String, Sendable, Equatable {
        /// Only a host that accepts writes: the primary (the default).
        case readWrite = "read-write"
        /// The same, by PostgreSQL 14's name.
        case primary
        /// The first host that answers.
        case any
        /// A host in recovery (a standby).
        case standby
        /// A read-only host: a standby, or a server set `default_transaction_read_only`.
        case readOnly = "read-only"
        /// A standby if one answers, else any host: where reads that may lag go (`--read-database`).
        case preferStandby = "prefer-standby"

        /// Whether a host in this state will do.
        public func accepts(inRecovery: Bool, readOnly: Bool) -> Bool {
            switch self {
            case .readWrite, .primary: !inRecovery && !readOnly
            case .any, .preferStandby: true
            case .standby: inRecovery
            case .readOnly: inRecovery || readOnly
            }
        }
    }

    public let sessionAttributes: SessionAttributes

    /// For logs and errors: the hosts and the database, never the password.
    public var location: String { "postgres://\(hosts.map(\.description).joined(separator: ","))/\(database ?? "")" }

    public init(url: String) throws {
        var rest = Substring(url)
        guard let scheme = ["postgresql://", "postgres://"].first(where: { rest.hasPrefix($0) }) else { throw StoreError.badDatabaseURL(url) }
        rest = rest.dropFirst(scheme.count)
        var query: [String: String] = [:]
        if let mark = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                query[parts[0]] = parts.count > 1 ? parts[1].removingPercentEncoding ?? parts[1] : ""
            }
            rest = rest[..<mark]
        }
        var user = "postgres"
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let info = rest[..<at].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).removingPercentEncoding ?? String($0)
            }
            if let name = info.first, !name.isEmpty { user = name }
            if info.count > 1 { password = info[1] }
            rest = rest[rest.index(after: at)...]
        }
        var database: String?
        if let slash = rest.firstIndex(of: "/") {
            let name = String(rest[rest.index(after: slash)...])
            database = name.isEmpty ? nil : name.removingPercentEncoding ?? name
            rest = rest[..<slash]
        }
        var hosts: [Host] = []
        for entry in rest.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2, let name = parts.first, !name.isEmpty else { throw StoreError.badDatabaseURL(url) }
            let port = parts.count == 2 ? Int(parts[1]) : 5432
            guard let port, (1...65535).contains(port) else { throw StoreError.badDatabaseURL(url) }
            hosts.append(Host(name: String(name), port: port))
        }
        guard !hosts.isEmpty else { throw StoreError.badDatabaseURL(url) }
        guard let attributes = SessionAttributes(rawValue: query["target_session_attrs"] ?? "read-write") else {
            throw StoreError.badDatabaseURL(url)
        }
        sessionAttributes = attributes
        self.hosts = hosts
        self.user = user
        self.password = password
        self.database = database
    }
}
