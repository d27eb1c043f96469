public import DanCuCore

/// Measures one record against every rule. Pure: the record, the day and the reference data in, the
/// findings out.
public enum QualityAssessment {
    public static func assess(_ p: Person, _ context: QualityContext) -> RecordQuality {
        var findings: [QualityFinding] = []
        correct(p, context, &findings)
        let completeness = complete(p, context, &findings)
        clean(p, context, &findings)
        live(p, context, &findings)
        return RecordQuality(findings: findings, completeness: completeness)
    }

    // MARK: đúng

    static func correct(_ p: Person, _ context: QualityContext, _ findings: inout [QualityFinding]) {
        do { try p.personalNumber.validate(sex: p.sex, birthYear: p.dateOfBirth.year) } catch {
            findings.append(QualityFinding(.numberMatchesPerson, field: "personalNumber", error.description))
        }
        if let place = p.birthRegistrationPlace, let problem = birthRegistrationMismatch(p.personalNumber, place, context.reference) {
            findings.append(QualityFinding(.numberMatchesBirthRegistration, field: "personalNumber", problem))
        }
        let reference = context.reference
        if reference.ethnicity(p.ethnicity) == nil {
            findings.append(QualityFinding(.codesValid, field: "ethnicity", "'\(p.ethnicity)' is not an ethnicity code"))
        }
        if reference.nationality(p.nationality) == nil {
            findings.append(QualityFinding(.codesValid, field: "nationality", "'\(p.nationality)' is not a nationality code"))
        }
        for (field, place) in places(of: p) {
            if let problem = PersonValidation.check(place, field: field, reference: reference) {
                findings.append(QualityFinding(.codesValid, field: problem.field, problem.detail))
            }
        }
        if p.dateOfBirth.earliest > context.today {
            findings.append(QualityFinding(.datesInOrder, field: "dateOfBirth", "the date of birth \(p.dateOfBirth) is after today"))
        }
        if let died = deathDate(p), died.latest < p.dateOfBirth.earliest {
            findings.append(QualityFinding(.datesInOrder, field: "vitalStatus", "the death (\(died)) is before the birth (\(p.dateOfBirth))"))
        }
        for (field, parent) in [("father", p.father), ("mother", p.mother)] {
            guard let number = parent?.personalNumber else { continue }
            if number == p.personalNumber {
                findings.append(QualityFinding(.parentsOlder, field: field, "a person is not their own parent"))
            } else if number.birthYear + 12 > p.dateOfBirth.year {
                findings.append(
                    QualityFinding(
                        .parentsOlder, field: field,
                        "the \(field)'s number says born in \(number.birthYear), not 12 years before the child (\(p.dateOfBirth.year))"))
            }
        }
        if let spouse = p.spouse?.personalNumber {
            if spouse == p.father?.personalNumber || spouse == p.mother?.personalNumber {
                findings.append(QualityFinding(.spouseNotParentOrChild, field: "spouse", "the spouse is also recorded as a parent"))
            } else if p.children.contains(where: { $0.personalNumber == spouse }) {
                findings.append(QualityFinding(.spouseNotParentOrChild, field: "spouse", "the spouse is also recorded as a child"))
            }
        }
        if let died = deathDate(p) {
            let after: [(String, LocalDate?)] =
                [
                    ("permanentResidence.since", p.permanentResidence?.since), ("temporaryResidence.since", p.temporaryResidence?.since),
                    ("temporaryAbsence.from", p.temporaryAbsence?.from),
                ] + p.identityDocuments.enumerated().map { ("identityDocuments[\($0.offset)].issuedOn", $0.element.issuedOn) }
            for case (let field, let date?) in after where date > died.latest {
                findings.append(QualityFinding(.nothingAfterDeath, field: field, "\(date) is after the death (\(died))"))
            }
        }
        for (field, residence) in [("permanentResidence", p.permanentResidence), ("temporaryResidence", p.temporaryResidence)] {
            guard let residence, residence.place.unitList == .legacy, residence.place.wardCode != nil, residence.since >= QualityContext.reformDay
            else { continue }
            findings.append(
                QualityFinding(
                    .wardExistedThen, field: field + ".place",
                    "registered on \(residence.since) in a ward of the list that ended on 30 June 2025"))
        }
    }

    static func birthRegistrationMismatch(_ number: PersonalNumber, _ place: Place, _ reference: ReferenceData) -> String? {
        guard place.country == "VNM", let province = place.provinceCode else { return nil }
        if number.isRegisteredAbroad { return "the number says registered abroad (\(number.placeCode)), the birth registration says province \(province)" }
        let encoded = String(number.placeCode.suffix(2))
        switch place.unitList {
        case .legacy:
            return encoded == province ? nil : "the number's province \(encoded) is not the birth registration's \(province)"
        case .current:
            let converted = reference.units.provinceConversion[encoded]
            return converted == province ? nil : "the number's province \(encoded) did not become the birth registration's \(province)"
        }
    }

    static func places(of p: Person) -> [(String, Place)] {
        let all: [(String, Place?)] = [
            ("placeOfBirth", p.placeOfBirth), ("birthRegistrationPlace", p.birthRegistrationPlace), ("placeOfOrigin", p.placeOfOrigin),
            ("permanentResidence.place", p.permanentResidence?.place), ("temporaryResidence.place", p.temporaryResidence?.place),
            ("currentResidence", p.currentResidence),
        ]
        return all.compactMap { field, place in place.map { (field, $0) } }
    }

    static func deathDate(_ p: Person) -> PartialDate? {
        if case .dead(let date) = p.vitalStatus { return date }
        return nil
    }

    // MARK: đủ

    /// The fields Identity Law 2023 Art. 9 requires of everyone, and those that depend on age and
    /// status; returns the share present.
    static func complete(_ p: Person, _ context: QualityContext, _ findings: inout [QualityFinding]) -> Double {
        var required: [(String, Bool)] = [
            ("placeOfBirth", p.placeOfBirth != nil), ("birthRegistrationPlace", p.birthRegistrationPlace != nil),
            ("placeOfOrigin", p.placeOfOrigin != nil), ("ethnicity", !p.ethnicity.isEmpty), ("nationality", !p.nationality.isEmpty),
        ]
        let alive = p.vitalStatus == .alive
        if alive {
            required.append(("permanentResidence", p.permanentResidence != nil || p.temporaryResidence != nil || p.currentResidence != nil))
        }
        if alive && p.dateOfBirth.age(on: context.today) < 18 {
            required.append(("father", p.father != nil || p.mother != nil))
        }
        if p.maritalStatus == .married { required.append(("spouse", p.spouse != nil)) }
        if p.householdId != nil { required.append(("relationshipToHead", p.relationshipToHead != nil)) }
        let missing = required.filter { !$0.1 }.map(\.0)
        if !missing.isEmpty {
            findings.append(QualityFinding(.requiredFieldsPresent, field: missing[0], "missing: \(missing.joined(separator: ", "))"))
        }
        // Name, date of birth and sex are always there (the register refuses a record without them);
        // a date of birth known only in part counts half.
        var present = Double(required.count - missing.count) + 3
        if !p.dateOfBirth.isComplete {
            present -= 0.5
            findings.append(
                QualityFinding(.dateOfBirthWhole, field: "dateOfBirth", "only \(p.dateOfBirth.month == nil ? "the year" : "the month and year") is known"))
        }
        return present / Double(required.count + 3)
    }

    // MARK: sạch

    static func clean(_ p: Person, _ context: QualityContext, _ findings: inout [QualityFinding]) {
        if context.suspectedDuplicates.contains(p.personalNumber) {
            findings.append(QualityFinding(.notSuspectedDuplicate, field: "personalNumber", "in the review queue as a suspected duplicate"))
        }
        let names: [(String, String)] =
            [("name", p.name.fullName)]
            + [("father.name", p.father?.name.fullName), ("mother.name", p.mother?.name.fullName), ("spouse.name", p.spouse?.name.fullName)]
            .compactMap { field, name in name.map { (field, $0) } }
        for (field, name) in names {
            if let problem = NameHygiene.problem(name) { findings.append(QualityFinding(.namesClean, field: field, problem)) }
        }
        if p.dateOfBirth.month == 1 && p.dateOfBirth.day == 1 {
            findings.append(QualityFinding(.noPlaceholderDate, field: "dateOfBirth", "1 January: is the day really known, or was it filled in?"))
        }
    }

    // MARK: sống

    static func live(_ p: Person, _ context: QualityContext, _ findings: inout [QualityFinding]) {
        let today = context.today
        guard p.vitalStatus == .alive else { return }
        if let until = p.temporaryResidence?.until, until < today {
            findings.append(QualityFinding(.temporaryResidenceCurrent, field: "temporaryResidence.until", "expired on \(until) and still on the record"))
        }
        if let absence = p.temporaryAbsence, absence.until < today {
            findings.append(QualityFinding(.temporaryAbsenceCurrent, field: "temporaryAbsence.until", "expired on \(absence.until) and still on the record"))
        }
        let cards =
            p.identityDocuments.filter { $0.kind == .cccd || $0.kind == .identityCard }
            .map { QualityContext.IssuedCard(issuedOn: $0.issuedOn, validUntil: $0.validUntil) } + (context.issuedCards[p.personalNumber].map { [$0] } ?? [])
        if let latest = cards.max(by: { $0.issuedOn < $1.issuedOn }) {
            if let until = latest.validUntil, until < today {
                findings.append(QualityFinding(.cardCurrent, field: "identityDocuments", "the card expired on \(until)"))
            } else if let due = renewalDue(born: p.dateOfBirth, issued: latest.issuedOn, today: today) {
                findings.append(QualityFinding(.cardCurrent, field: "identityDocuments", "issued \(latest.issuedOn), due for renewal at \(due)"))
            }
        }
        if context.deathNotices.contains(p.personalNumber) {
            findings.append(QualityFinding(.deathRecorded, field: "vitalStatus", "another agency reported this person dead"))
        } else if p.dateOfBirth.age(on: today) > QualityContext.implausibleAge {
            findings.append(
                QualityFinding(.deathRecorded, field: "vitalStatus", "alive at \(p.dateOfBirth.age(on: today)): a death probably not recorded"))
        }
    }

    /// The renewal age passed since the card was issued, if any (a card issued within two years before
    /// a renewal age stays valid to the next one, Art. 21(2)).
    static func renewalDue(born: PartialDate, issued: LocalDate, today: LocalDate) -> Int? {
        let ageAtIssue = born.age(on: issued)
        let ageToday = born.age(on: today)
        for age in QualityContext.renewalAges where age > ageAtIssue + 2 && age <= ageToday { return age }
        return nil
    }
}

/// What makes a written name unclean: not NFC, an eth (Ð) for Đ, doubled or stray spaces, characters
/// no name has, or letters in the wrong case (NGUYỄN VĂN AN, nguyễn văn an).
enum NameHygiene {
    static func problem(_ name: String) -> String? {
        if name.unicodeScalars.contains(where: { $0.value == 0x00D0 || $0.value == 0x00F0 || $0.value == 0x0189 }) {
            return "'Ð' (eth) written for 'Đ'"
        }
        // Swift compares strings by canonical equivalence, so NFD text "equals" its NFC form: compare scalars.
        if !name.unicodeScalars.elementsEqual(name.nfc.unicodeScalars) { return "not in Unicode NFC" }
        if name.hasPrefix(" ") || name.hasSuffix(" ") || name.contains("  ") { return "stray spaces" }
        if let stray = name.unicodeScalars.first(where: { !isNameCharacter($0) }) { return "the character '\(stray)' has no place in a name" }
        for word in name.split(separator: " ") {
            let letters = word.filter(\.isLetter)
            guard let first = letters.first else { continue }
            let rest = letters.dropFirst()
            // H'Hen Niê: the letter after an apostrophe is a capital too.
            let restLower = word.contains("'") || word.contains("’") ? true : rest.allSatisfy { !$0.isUppercase }
            if !first.isUppercase || !restLower { return "'\(word)' is not written with one capital letter" }
        }
        return nil
    }

    static func isNameCharacter(_ s: Unicode.Scalar) -> Bool {
        if s == " " || s == "'" || s == "’" || s == "-" { return true }
        return s.properties.isAlphabetic
    }
}
