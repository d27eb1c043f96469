public import DanCuCore
import DanCuStore

extension Register {
    /// Creates a household at the head's permanent residence, with the head as its first member.
    @_spi(Gate) public func createHousehold(head: PersonalNumber, address: Place, validFrom: LocalDate, officer: String) async throws -> Household {
        let reference = self.reference
        let clock = self.clock
        if let problem = PersonValidation.check(address, field: "address", reference: reference) {
            throw RegisterError.invalid([problem])
        }
        return try await witnessedWrite(created: { $0.id }) { table in
            let db = table.db
            var rng = SystemRandomNumberGenerator()
            let id = "HK" + (0..<10).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined()
            let now = clock.nowMicros()
            try db.execute(
                "INSERT INTO households (id, head, address, ward_code, version, created_at) VALUES (?,?,?,?,?,?)",
                [
                    .text(id), .text(head.rawValue), .text(PersonCodec.encode(address)), SQLValue(address.wardCode),
                    .int(1), .int(now),
                ])
            try Self.change(
                head, .joinedHousehold(householdId: id, relationship: .head), validFrom: validFrom, at: now,
                officer: officer, reason: nil, expectedVersion: nil, table: table, reference: reference)
            try db.execute(
                "INSERT INTO household_members (personal_number, household_id, relationship) VALUES (?,?,?)",
                [.text(head.rawValue), .text(id), .text(RelationshipToHead.head.rawValue)])
            return Household(
                id: id, head: head, address: address,
                members: [Household.Member(personalNumber: head, relationshipToHead: .head)])
        }
    }

    @_spi(Gate) public func addMember(
        _ number: PersonalNumber, to householdId: String, relationship: RelationshipToHead,
        validFrom: LocalDate, officer: String
    ) async throws -> Household {
        guard relationship != .head else {
            throw RegisterError.invalid([RuleViolation(field: "relationship", rule: "oneHead", detail: "use change-head to make someone the head")])
        }
        let reference = self.reference
        let clock = self.clock
        return try await witnessedWrite { table in
            let db = table.db
            _ = try Self.loadHousehold(householdId, db: db)
            try Self.change(
                number, .joinedHousehold(householdId: householdId, relationship: relationship), validFrom: validFrom,
                at: clock.nowMicros(), officer: officer, reason: nil, expectedVersion: nil, table: table, reference: reference)
            try db.execute(
                "INSERT INTO household_members (personal_number, household_id, relationship) VALUES (?,?,?)",
                [.text(number.rawValue), .text(householdId), .text(relationship.rawValue)])
            try Self.bumpHousehold(householdId, db: db)
            return try Self.loadHousehold(householdId, db: db)
        }
    }

    /// Đăng ký thường trú, and, when `household` is given, joining that household at the same time: the
    /// residence event, the membership event and the member's row in one transaction.
    @_spi(Gate) public func registerPermanentResidence(
        _ number: PersonalNumber, residence: Residence, household: (id: String, relationship: RelationshipToHead)?, officer: String,
        expectedVersion: Int?
    ) async throws -> (person: Person, version: Int) {
        if household?.relationship == .head {
            throw RegisterError.invalid([RuleViolation(field: "relationship", rule: "oneHead", detail: "use change-head to make someone the head")])
        }
        let reference = self.reference
        let clock = self.clock
        return try await witnessedWrite { table in
            let db = table.db
            let now = clock.nowMicros()
            var result = try Self.change(
                number, .permanentResidenceRegistered(residence), validFrom: residence.since, at: now, officer: officer, reason: nil,
                expectedVersion: expectedVersion, table: table, reference: reference)
            if let household {
                _ = try Self.loadHousehold(household.id, db: db)
                result = try Self.change(
                    number, .joinedHousehold(householdId: household.id, relationship: household.relationship), validFrom: residence.since, at: now,
                    officer: officer, reason: nil, expectedVersion: nil, table: table, reference: reference)
                try db.execute(
                    "INSERT INTO household_members (personal_number, household_id, relationship) VALUES (?,?,?)",
                    [.text(number.rawValue), .text(household.id), .text(household.relationship.rawValue)])
                try Self.bumpHousehold(household.id, db: db)
            }
            return (result.person, result.version)
        }
    }

    /// Removes a member. The head leaves only as the last member (then the household ends) or after a new
    /// head was chosen.
    @_spi(Gate) public func removeMember(_ number: PersonalNumber, from householdId: String, validFrom: LocalDate, officer: String) async throws -> Household? {
        let reference = self.reference
        let clock = self.clock
        return try await witnessedWrite { table in
            let db = table.db
            let household = try Self.loadHousehold(householdId, db: db)
            if household.head == number && household.members.count > 1 {
                throw RegisterError.invalid([
                    RuleViolation(
                        field: "personalNumber", rule: "headLeaves",
                        detail: "choose a new head before the head leaves")
                ])
            }
            try Self.change(
                number, .leftHousehold(householdId: householdId), validFrom: validFrom, at: clock.nowMicros(),
                officer: officer, reason: nil, expectedVersion: nil, table: table, reference: reference)
            try db.execute(
                "DELETE FROM household_members WHERE personal_number = ? AND household_id = ?",
                [.text(number.rawValue), .text(householdId)])
            try Self.bumpHousehold(householdId, db: db)
            return household.members.count > 1 ? try Self.loadHousehold(householdId, db: db) : nil
        }
    }

    /// Makes a member the head; the former head takes `formerHeadRelationship` to the new head.
    @_spi(Gate) public func changeHead(
        of householdId: String, to newHead: PersonalNumber, formerHeadRelationship: RelationshipToHead,
        validFrom: LocalDate, officer: String
    ) async throws -> Household {
        let reference = self.reference
        let clock = self.clock
        return try await witnessedWrite { table in
            let db = table.db
            let household = try Self.loadHousehold(householdId, db: db)
            guard household.members.contains(where: { $0.personalNumber == newHead }), newHead != household.head else {
                throw RegisterError.invalid([
                    RuleViolation(
                        field: "newHead", rule: "notMember",
                        detail: "the new head must be another member of the household")
                ])
            }
            let now = clock.nowMicros()
            try Self.change(
                household.head, .relationshipToHeadChanged(formerHeadRelationship), validFrom: validFrom, at: now,
                officer: officer, reason: nil, expectedVersion: nil, table: table, reference: reference)
            try Self.change(
                newHead, .relationshipToHeadChanged(.head), validFrom: validFrom, at: now,
                officer: officer, reason: nil, expectedVersion: nil, table: table, reference: reference)
            try db.execute(
                "UPDATE household_members SET relationship = ? WHERE personal_number = ?",
                [.text(formerHeadRelationship.rawValue), .text(household.head.rawValue)])
            try db.execute(
                "UPDATE household_members SET relationship = ? WHERE personal_number = ?",
                [.text(RelationshipToHead.head.rawValue), .text(newHead.rawValue)])
            try db.execute("UPDATE households SET head = ? WHERE id = ?", [.text(newHead.rawValue), .text(householdId)])
            try Self.bumpHousehold(householdId, db: db)
            return try Self.loadHousehold(householdId, db: db)
        }
    }

    @_spi(Gate) public func household(_ id: String) async throws -> Household {
        try await store.read { db in try Self.loadHousehold(id, db: db) }
    }

    static func bumpHousehold(_ id: String, db: any SQLConnection) throws {
        try db.execute("UPDATE households SET version = version + 1 WHERE id = ?", [.text(id)])
    }

    static func loadHousehold(_ id: String, db: any SQLConnection) throws -> Household {
        guard let row = try db.queryOne("SELECT head, address FROM households WHERE id = ?", [.text(id)]) else {
            throw RegisterError.householdNotFound(id)
        }
        let members = try db.query(
            """
            SELECT personal_number, relationship FROM household_members WHERE household_id = ? ORDER BY personal_number
            """, [.text(id)]
        ).map { m in
            Household.Member(
                personalNumber: try PersonalNumber(m.string("personal_number")),
                relationshipToHead: RelationshipToHead(rawValue: try m.string("relationship")) ?? .otherRelative)
        }
        return Household(
            id: id, head: try PersonalNumber(row.string("head")),
            address: try PersonCodec.decode(Place.self, from: row.string("address")), members: members)
    }
}
