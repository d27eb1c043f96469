/// An officer account as the gate sees it: who acts, in which role, where.
public struct Officer: Hashable, Sendable, Codable {
    public let username: String
    public let displayName: String
    public let role: Role
    public let jurisdiction: Jurisdiction
    public let disabled: Bool

    public init(username: String, displayName: String, role: Role, jurisdiction: Jurisdiction, disabled: Bool = false) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.jurisdiction = jurisdiction
        self.disabled = disabled
    }

    /// The system acting in its own name for `job` (`import`, `export`, `eid-registration`): logged as
    /// `system:<job>`, with the nation as its area.
    public static func system(_ job: String) -> Officer {
        Officer(username: "system:" + job, displayName: "DanCu " + job, role: .system, jurisdiction: .nation)
    }

    enum CodingKeys: String, CodingKey { case username, displayName, role, jurisdiction, disabled }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        username = try c.decode(String.self, forKey: .username)
        displayName = try c.decode(String.self, forKey: .displayName)
        role = try c.decode(Role.self, forKey: .role)
        let text = try c.decode(String.self, forKey: .jurisdiction)
        guard let parsed = Jurisdiction(stored: text) else {
            throw DecodingError.dataCorruptedError(forKey: .jurisdiction, in: c, debugDescription: "bad jurisdiction \(text)")
        }
        jurisdiction = parsed
        disabled = try c.decode(Bool.self, forKey: .disabled)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(username, forKey: .username)
        try c.encode(displayName, forKey: .displayName)
        try c.encode(role, forKey: .role)
        try c.encode(jurisdiction.description, forKey: .jurisdiction)
        try c.encode(disabled, forKey: .disabled)
    }
}

extension Jurisdiction {
    /// Reads a jurisdiction as stored (already checked when the account was made).
    init?(stored text: String) {
        if text == "nation" {
            self = .nation
            return
        }
        if text.hasPrefix("ward:") {
            self = .ward(String(text.dropFirst(5)))
            return
        }
        if text.hasPrefix("province:") {
            self = .province(String(text.dropFirst(9)))
            return
        }
        return nil
    }
}
