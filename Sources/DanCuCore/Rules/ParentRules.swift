/// Whether a parent named on a birth is the person the register holds under that number. A birth writes
/// a `childAdded` event into each parent's record, so a wrong reference would change a stranger's record.
public enum ParentRules {
    public enum Role: String, Sendable { case father, mother }

    /// The longest a father may have died before the birth (a pregnancy's length, generously).
    public static let fatherDeathBeforeBirthDays = 300

    /// True when `named` fits `registered` as the child's `role`: the same name (folded: the officer may
    /// type it without marks), the sex of the role, alive at the birth (a father up to a pregnancy's
    /// length before), and of an age to be the parent.
    public static func matches(_ named: PersonReference, registered: Person, as role: Role, childBorn: LocalDate) -> Bool {
        guard named.name.folded == registered.name.folded else { return false }
        guard registered.sex == (role == .father ? .male : .female) else { return false }
        if case .dead(let died) = registered.vitalStatus {
            let earliestBirth = role == .father ? died.latest.adding(days: fatherDeathBeforeBirthDays) : died.latest
            if childBorn > earliestBirth { return false }
        }
        do { try RegisterRules.checkParentAge(childBorn: PartialDate(childBorn), parentBorn: registered.dateOfBirth, field: role.rawValue) } catch {
            return false
        }
        return true
    }

    /// Whether an existing person is the same birth registered again: the same date of birth and the
    /// same mother (by number, else by name), or, with no mother named, the same place of registration
    /// and father. The caller has matched the folded name already.
    public static func isSameBirth(
        _ existing: Person, name: VietnameseName, born: LocalDate, mother: PersonReference?,
        father: PersonReference?, registeredAt place: Place
    ) -> Bool {
        guard existing.name.folded == name.folded, existing.dateOfBirth == PartialDate(born) else { return false }
        func key(_ r: PersonReference?) -> String? { r.map { $0.personalNumber?.rawValue ?? $0.name.folded } }
        if let mother = key(mother) {
            return key(existing.mother) == mother
        }
        return existing.mother == nil && key(existing.father) == key(father)
            && existing.birthRegistrationPlace?.wardCode == place.wardCode && existing.birthRegistrationPlace?.provinceCode == place.provinceCode
    }
}
