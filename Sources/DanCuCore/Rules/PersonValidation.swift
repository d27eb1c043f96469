/// Checks a whole record as it enters the register (birth registration, digitisation, import): each
/// failure names the field.
public enum PersonValidation {
    public static func validate(_ p: Person, reference: ReferenceData, today: LocalDate) -> [RuleViolation] {
        var problems: [RuleViolation] = []
        do { try p.personalNumber.validate(sex: p.sex, birthYear: p.dateOfBirth.year) } catch {
            problems.append(RuleViolation(field: "personalNumber", rule: "numberMismatch", detail: error.description))
        }
        if p.dateOfBirth.earliest > today {
            problems.append(RuleViolation(field: "dateOfBirth", rule: "future", detail: "the date of birth is in the future"))
        }
        if reference.ethnicity(p.ethnicity) == nil {
            problems.append(RuleViolation(field: "ethnicity", rule: "unknownCode", detail: "'\(p.ethnicity)' is not an ethnicity code"))
        }
        for (field, code) in [("nationality", p.nationality)] + p.otherNationalities.map({ ("otherNationalities", $0) })
        where reference.nationality(code) == nil {
            problems.append(RuleViolation(field: field, rule: "unknownCode", detail: "'\(code)' is not an ISO 3166-1 alpha-3 code"))
        }
        if let legacy = p.legacyIdNumber, !(legacy.count == 9 || legacy.count == 12) || !legacy.allSatisfy(\.isASCIIDigit) {
            problems.append(RuleViolation(field: "legacyIdNumber", rule: "format", detail: "an old CMND number has 9 or 12 digits"))
        }
        for (field, place) in [
            ("placeOfBirth", p.placeOfBirth), ("birthRegistrationPlace", p.birthRegistrationPlace),
            ("placeOfOrigin", p.placeOfOrigin), ("currentResidence", p.currentResidence),
            ("permanentResidence", p.permanentResidence?.place),
            ("temporaryResidence", p.temporaryResidence?.place),
        ] {
            if let place, let problem = check(place, field: field, reference: reference) { problems.append(problem) }
        }
        if let t = p.temporaryResidence {
            do { try RegisterRules.checkTemporaryResidence(t) } catch { problems.append(error) }
        }
        for (field, parent) in [("father", p.father), ("mother", p.mother)] {
            if parent?.personalNumber == p.personalNumber {
                problems.append(RuleViolation(field: field, rule: "selfParent", detail: "a person is not their own parent"))
            }
        }
        if let spouse = p.spouse {
            do { try RegisterRules.checkSpouseIsNotRelative(p, spouse: spouse) } catch { problems.append(error) }
        }
        switch p.vitalStatus {
        case .alive: break
        case .dead(let d), .missing(let d):
            if d.latest < p.dateOfBirth.earliest {
                problems.append(RuleViolation(field: "vitalStatus", rule: "beforeBirth", detail: "the date is before the birth"))
            }
        }
        return problems
    }

    public static func check(_ place: Place, field: String, reference: ReferenceData) -> RuleViolation? {
        if reference.nationality(place.country) == nil {
            return RuleViolation(field: field + ".country", rule: "unknownCode", detail: "'\(place.country)' is not a country code")
        }
        let units = reference.units
        let current = place.unitList == .current
        if let province = place.provinceCode, (current ? units.province(province) : units.legacyProvince(province)) == nil {
            return RuleViolation(
                field: field + ".provinceCode", rule: "unknownCode",
                detail: "'\(province)' is not a \(place.unitList.rawValue) province code")
        }
        guard let ward = place.wardCode else { return nil }
        guard let wardProvince = current ? units.ward(ward)?.provinceCode : units.legacyWard(ward)?.provinceCode else {
            return RuleViolation(field: field + ".wardCode", rule: "unknownCode", detail: "'\(ward)' is not a \(place.unitList.rawValue) ward code")
        }
        if let province = place.provinceCode, province != wardProvince {
            return RuleViolation(
                field: field + ".wardCode", rule: "notInProvince",
                detail: "ward '\(ward)' is not in province '\(province)' (it is in '\(wardProvince)')")
        }
        return nil
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension PersonValidation {
    /// Checks the codes a correction brings in.
    public static func validate(placesOf c: PersonCorrection, reference: ReferenceData) -> [RuleViolation] {
        var problems: [RuleViolation] = []
        for (field, place) in [
            ("placeOfBirth", c.placeOfBirth), ("birthRegistrationPlace", c.birthRegistrationPlace),
            ("placeOfOrigin", c.placeOfOrigin),
        ] {
            if let place, let p = check(place, field: field, reference: reference) { problems.append(p) }
        }
        if let e = c.ethnicity, reference.ethnicity(e) == nil {
            problems.append(RuleViolation(field: "ethnicity", rule: "unknownCode", detail: "'\(e)' is not an ethnicity code"))
        }
        if let n = c.nationality, reference.nationality(n) == nil {
            problems.append(RuleViolation(field: "nationality", rule: "unknownCode", detail: "'\(n)' is not an ISO 3166-1 alpha-3 code"))
        }
        return problems
    }
}
