/// A value bound to or read from SQL, the same on both backends.
public enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])

    public init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    public init(_ value: Int?) { self = value.map { .int(Int64($0)) } ?? .null }
    public init(_ value: Int64?) { self = value.map { .int($0) } ?? .null }

    public var string: String? { if case .text(let s) = self { s } else { nil } }
    public var int: Int64? {
        switch self {
        case .int(let i): i
        case .double(let d): Int64(exactly: d)
        case .text(let s): Int64(s)
        default: nil
        }
    }
    /// A number as either backend returns it (PostgreSQL's numeric sums come as text).
    public var double: Double? {
        switch self {
        case .double(let d): d
        case .int(let i): Double(i)
        case .text(let s): Double(s)
        default: nil
        }
    }
    public var isNull: Bool { self == .null }
}

/// One result row: values by position, with the column names.
public struct SQLRow: Sendable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript(_ name: String) -> SQLValue {
        guard let i = columns.firstIndex(of: name), i < values.count else { return .null }
        return values[i]
    }

    public subscript(_ index: Int) -> SQLValue { index < values.count ? values[index] : .null }

    public func string(_ name: String) throws -> String {
        guard let s = self[name].string else { throw StoreError.unexpectedValue(column: name) }
        return s
    }

    public func int(_ name: String) throws -> Int64 {
        guard let i = self[name].int else { throw StoreError.unexpectedValue(column: name) }
        return i
    }

    public func double(_ name: String) throws -> Double {
        guard let d = self[name].double else { throw StoreError.unexpectedValue(column: name) }
        return d
    }
}

public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case badDatabaseURL(String)
    case uniqueViolation(String)
    case unexpectedValue(column: String)
    case backend(String)
    /// PostgreSQL rolled the transaction back because it met another (a deadlock): done again, it
    /// will usually pass.
    case collided(String)
    /// No connection to the database within the wait limit: it is down, or failing over.
    case unavailable(String)
    case closed

    public var description: String {
        switch self {
        case .badDatabaseURL(let u): "cannot use database '\(u)': expected sqlite:PATH or postgres://user:password@host:port/database"
        case .uniqueViolation(let d): "unique constraint violated: \(d)"
        case .unexpectedValue(let c): "column \(c) holds an unexpected value"
        case .backend(let d): d
        case .collided(let d): "the transaction met another and was rolled back: \(d)"
        case .unavailable(let d): d
        case .closed: "the store is closed"
        }
    }
}
