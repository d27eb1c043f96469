import DanCuAccess
import DanCuStore

/// The part of the country an officer's queue and figures cover: their ward, their province, or all.
enum ServiceScope: Sendable {
    case ward(String)
    case province(String)
    case nation

    init(_ jurisdiction: Jurisdiction) {
        switch jurisdiction {
        case .ward(let code): self = .ward(code)
        case .province(let code): self = .province(code)
        case .nation: self = .nation
        }
    }

    /// The condition on a table's `ward_code` and `province_code` columns (prefixed by `table`), and its binds.
    func condition(_ table: String = "") -> (sql: String, binds: [SQLValue]) {
        switch self {
        case .ward(let code): (" AND \(table)ward_code = ?", [.text(code)])
        case .province(let code): (" AND \(table)province_code = ?", [.text(code)])
        case .nation: ("", [])
        }
    }
}
