public import DanCuCore
@_spi(Gate) import DanCuRegister

/// How capabilities above the gate ask for access: one pattern for cards, eID and the modules to come.
extension Gate {
    /// A grant for work on the person `number`, judged by where they live or were registered: `need`
    /// makes the capability's rules for that area. A number the register lacks is refused as a person
    /// outside the caller's area is (`refuseUnknown`). Refusals are logged.
    public func grant(
        _ request: AccessRequest, on number: PersonalNumber, need: (Area) -> AccessPolicy.Need,
        action: String, fields: [String]
    ) async throws -> AccessGrant {
        try await requirePurpose(request, subject: number.rawValue, action: action, fields: fields)
        let area =
            request.officer.jurisdiction == .nation
            ? Area()
            : try await self.area(of: number, for: request, action: action, fields: fields)
        try await authorize(request, need(area), subject: number.rawValue, action: action, fields: fields)
        return AccessGrant(gate: self, request: request, action: action, subjects: [number.rawValue], fields: fields)
    }

    /// A grant for work whose rules do not depend on a person's place: verifying a chip that may be
    /// anyone's (`subject` nil), or a foreigner's account, judged by the ward on their residence card.
    public func grant(
        _ request: AccessRequest, _ need: AccessPolicy.Need, subject: String?, action: String,
        fields: [String]
    ) async throws -> AccessGrant {
        try await requirePurpose(request, subject: subject, action: action, fields: fields)
        try await authorize(request, need, subject: subject, action: action, fields: fields)
        return AccessGrant(
            gate: self, request: request, action: action, subjects: subject.map { [$0] } ?? [], fields: fields,
            anySubject: subject == nil)
    }

    /// A grant for work about several people at once whose rules depend on a place the work names (an
    /// application handled in a ward, about its applicant and the person it concerns).
    public func grant(
        _ request: AccessRequest, _ need: AccessPolicy.Need, subjects: [String], action: String, fields: [String]
    ) async throws -> AccessGrant {
        try await requirePurpose(request, subject: subjects.first, action: action, fields: fields)
        try await authorize(request, need, subject: subjects.first, action: action, fields: fields)
        return AccessGrant(gate: self, request: request, action: action, subjects: subjects, fields: fields)
    }

    /// Authorizes work that reads no one's data (an officer's queue of applications: codes, steps and
    /// due days) by `need`, which may need no purpose. A refusal is logged; an allowed request leaves
    /// no entry, as nothing about a person is read.
    public func permit(_ request: AccessRequest, _ need: AccessPolicy.Need, action: String) async throws {
        try await authorize(request, need, subject: nil, action: action, fields: [])
    }

    /// The area of a ward, for needs judged by a place rather than a person (a foreigner's address).
    public func area(ofWard wardCode: String) -> Area {
        Area(wards: [wardCode], provinces: Set([units.ward(wardCode)?.provinceCode].compactMap { $0 }))
    }
}
