/// The stored and published form of a change, format 2: one member named after the kind, holding the
/// change's fields by name, `{"nameChanged":{"name":"Hoàng Văn Giáp"}}`. Written out here rather than
/// left to the compiler, whose form (`{"nameChanged":{"_0":…}}`) follows the Swift case and would change
/// what an append-only history decodes to if a case were renamed. Format 1 was the compiler's; migration
/// `register` 2 rewrote stored events. `docs/architecture.md` lists every kind with its fields.
extension LifeEventChange {
    /// The version of this encoding, for the migration that produced it and for readers of exports.
    public static let encodingFormat = 2

    enum Field: String, CodingKey {
        case person, date, spouse, residence, place, stay, absence, name, correction, householdId, relationship, child, reason, survivor, duplicate, other
    }

    struct Kind: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var outer = encoder.container(keyedBy: Kind.self)
        var c = outer.nestedContainer(keyedBy: Field.self, forKey: Kind(stringValue: kind))
        switch self {
        case .birthRegistered(let p), .personRegistered(let p): try c.encode(p, forKey: .person)
        case .deathRecorded(let d), .disappearanceRecorded(let d): try c.encode(d, forKey: .date)
        case .reappeared, .divorceRegistered, .widowed, .temporaryResidenceEnded: break
        case .permanentResidenceRemoved(let reason): try c.encode(reason, forKey: .reason)
        case .marriageRegistered(let spouse): try c.encode(spouse, forKey: .spouse)
        case .permanentResidenceRegistered(let r), .temporaryResidenceRegistered(let r): try c.encode(r, forKey: .residence)
        case .currentResidenceDeclared(let p): try c.encode(p, forKey: .place)
        case .stayNotified(let s): try c.encode(s, forKey: .stay)
        case .temporaryAbsenceDeclared(let a): try c.encode(a, forKey: .absence)
        case .nameChanged(let n): try c.encode(n, forKey: .name)
        case .corrected(let correction): try c.encode(correction, forKey: .correction)
        case .joinedHousehold(let id, let relationship):
            try c.encode(id, forKey: .householdId)
            try c.encode(relationship, forKey: .relationship)
        case .leftHousehold(let id): try c.encode(id, forKey: .householdId)
        case .relationshipToHeadChanged(let r): try c.encode(r, forKey: .relationship)
        case .childAdded(let child): try c.encode(child, forKey: .child)
        case .mergedInto(let survivor): try c.encode(survivor, forKey: .survivor)
        case .duplicateMerged(let duplicate): try c.encode(duplicate, forKey: .duplicate)
        case .mergeUndone(let other): try c.encode(other, forKey: .other)
        }
    }

    public init(from decoder: any Decoder) throws {
        let outer = try decoder.container(keyedBy: Kind.self)
        guard outer.allKeys.count == 1, let key = outer.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: outer.codingPath,
                    debugDescription: "give exactly one change, named after its kind"))
        }
        let c = try outer.nestedContainer(keyedBy: Field.self, forKey: key)
        switch key.stringValue {
        case "birthRegistered": self = .birthRegistered(try c.decode(Person.self, forKey: .person))
        case "personRegistered": self = .personRegistered(try c.decode(Person.self, forKey: .person))
        case "deathRecorded": self = .deathRecorded(date: try c.decode(PartialDate.self, forKey: .date))
        case "disappearanceRecorded": self = .disappearanceRecorded(date: try c.decode(PartialDate.self, forKey: .date))
        case "reappeared": self = .reappeared
        case "marriageRegistered": self = .marriageRegistered(spouse: try c.decode(PersonReference.self, forKey: .spouse))
        case "divorceRegistered": self = .divorceRegistered
        case "widowed": self = .widowed
        case "permanentResidenceRegistered": self = .permanentResidenceRegistered(try c.decode(Residence.self, forKey: .residence))
        case "temporaryResidenceRegistered": self = .temporaryResidenceRegistered(try c.decode(Residence.self, forKey: .residence))
        case "temporaryResidenceEnded": self = .temporaryResidenceEnded
        case "permanentResidenceRemoved": self = .permanentResidenceRemoved(reason: try c.decode(String.self, forKey: .reason))
        case "currentResidenceDeclared": self = .currentResidenceDeclared(try c.decode(Place.self, forKey: .place))
        case "stayNotified": self = .stayNotified(try c.decode(StayNotice.self, forKey: .stay))
        case "temporaryAbsenceDeclared": self = .temporaryAbsenceDeclared(try c.decode(TemporaryAbsence.self, forKey: .absence))
        case "nameChanged": self = .nameChanged(try c.decode(VietnameseName.self, forKey: .name))
        case "corrected": self = .corrected(try c.decode(PersonCorrection.self, forKey: .correction))
        case "joinedHousehold":
            self = .joinedHousehold(
                householdId: try c.decode(String.self, forKey: .householdId),
                relationship: try c.decode(RelationshipToHead.self, forKey: .relationship))
        case "leftHousehold": self = .leftHousehold(householdId: try c.decode(String.self, forKey: .householdId))
        case "relationshipToHeadChanged": self = .relationshipToHeadChanged(try c.decode(RelationshipToHead.self, forKey: .relationship))
        case "childAdded": self = .childAdded(try c.decode(PersonReference.self, forKey: .child))
        case "mergedInto": self = .mergedInto(survivor: try c.decode(PersonalNumber.self, forKey: .survivor))
        case "duplicateMerged": self = .duplicateMerged(duplicate: try c.decode(PersonalNumber.self, forKey: .duplicate))
        case "mergeUndone": self = .mergeUndone(other: try c.decode(PersonalNumber.self, forKey: .other))
        default:
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: outer.codingPath,
                    debugDescription: "'\(key.stringValue.prefix(40))' is not a kind of change"))
        }
    }

    /// The fields of format 1 that held an unnamed value (`_0`), with their names in format 2, by kind.
    public static let unnamedFieldsOfFormat1: [(kind: String, field: String)] = [
        ("permanentResidenceRegistered", "residence"), ("temporaryResidenceRegistered", "residence"),
        ("currentResidenceDeclared", "place"), ("stayNotified", "stay"), ("temporaryAbsenceDeclared", "absence"),
        ("nameChanged", "name"), ("corrected", "correction"), ("relationshipToHeadChanged", "relationship"), ("childAdded", "child"),
    ]
}
