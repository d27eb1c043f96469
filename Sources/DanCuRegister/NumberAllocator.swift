public import DanCuCore
public import DanCuStore

/// Allocates the six random digits of a personal number. A serial is claimed by inserting it into
/// `allocated_numbers` in the same transaction as the person: a crash rolls both back, so a number is
/// handed out only together with its person, and a claimed serial is never reused. Numbers that came in
/// with existing people (digitisation) are in `persons`, which is checked too.
public enum NumberAllocator {
    public static let maximumAttempts = 64

    public static func allocate(
        prefix: PersonalNumberPrefix, in db: any SQLConnection,
        using rng: inout some RandomNumberGenerator
    ) throws -> PersonalNumber {
        for _ in 0..<maximumAttempts {
            let serial = Int.random(in: 0...999_999, using: &rng)
            let number = try PersonalNumber(prefix: prefix, serial: serial)
            let taken = try db.queryOne("SELECT 1 AS x FROM persons WHERE personal_number = ?", [.text(number.rawValue)])
            guard taken == nil else { continue }
            let claimed = try db.query(
                "INSERT INTO allocated_numbers (prefix, serial) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING serial",
                [.text(prefix.rawValue), .int(Int64(serial))])
            if !claimed.isEmpty { return number }
        }
        throw RuleViolation(
            field: "personalNumber", rule: "prefixExhausted",
            detail: "no free serial found for prefix \(prefix) after \(maximumAttempts) attempts")
    }
}
