/// What an officer account may do. The jurisdiction an account needs follows from its role.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// Công an cấp xã: registers residence and civil status in one ward.
    case communeOfficer = "commune-officer"
    /// Công an cấp tỉnh: the same across one province.
    case provinceOfficer = "province-officer"
    /// Cục Cảnh sát QLHC về TTXH (C06): the same across the nation.
    case centralOfficer = "central-officer"
    /// Công chức tư pháp - hộ tịch of a commune People's Committee: registers births, deaths and
    /// marriages in one ward, and acts at the civil-status desk of public services.
    case civilStatusOfficer = "civil-status-officer"
    /// Reads the access log, nothing else.
    case auditor
    /// Manages officer accounts; reads no one's personal data.
    case administrator
    /// A member system that verifies identity cards (a bank, a telecom, a ministry's counter): it sends
    /// what a chip holds and gets a signed verdict, never a record. Full member systems with their own
    /// fields and purposes come with the data exchange.
    case relyingParty = "relying-party"
    /// A subsystem of a member system of the exchange gateway (a ministry's, social insurance's, a
    /// bank's), acting as `member:MEMBER/SUBSYSTEM`. What it may read is its grants', judged in
    /// DanCuExchange; its jurisdiction is the grant's.
    case memberSystem = "member-system"
    /// A citizen signed in with their eID, reading their own data in self-service (`/me`). Never an
    /// officer account: the actor's username is their personal number.
    case citizen
    /// The system's own work, named in its actor (`system:import`, `system:export`, `system:demo`):
    /// the command line's bulk entry and export, and background jobs. Never an account; nobody signs
    /// in as the system. It is logged like anyone else.
    case system

    /// Whether the role works on people's register data at all.
    public var handlesPersonalData: Bool {
        switch self {
        case .communeOfficer, .civilStatusOfficer, .provinceOfficer, .centralOfficer, .system: true
        case .auditor, .administrator, .relyingParty, .memberSystem, .citizen: false
        }
    }

    /// The kind of jurisdiction an account of this role must have.
    public var jurisdictionLevel: Jurisdiction.Level {
        switch self {
        case .communeOfficer, .civilStatusOfficer: .ward
        case .provinceOfficer: .province
        case .centralOfficer, .auditor, .administrator, .relyingParty, .memberSystem, .citizen, .system: .nation
        }
    }
}
