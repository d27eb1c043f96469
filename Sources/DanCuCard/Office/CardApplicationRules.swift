public import DanCuCore

/// What the register and the person's earlier cards must say before an application is taken, as pure
/// functions (Identity Law 2023 Arts. 19–24).
public enum CardApplicationRules {
    /// Every reason to refuse `application` for `person` on `day`, given the person's earlier cards.
    public static func problems(
        _ application: CardApplication, person: Person, earlierCards: [IdentityCard],
        day: LocalDate
    ) -> [RuleViolation] {
        var problems: [RuleViolation] = []
        if !person.isAlive {
            problems.append(
                RuleViolation(
                    field: "personalNumber", rule: "notAlive",
                    detail: "the register records this person as \(person.vitalStatus.label)"))
        }
        if person.nationality != "VNM" {
            problems.append(
                RuleViolation(
                    field: "nationality", rule: "notACitizen",
                    detail: "identity cards are for Vietnamese citizens; the register gives \(person.nationality)"))
        }
        if person.currentResidence == nil && person.permanentResidence == nil {
            problems.append(
                RuleViolation(
                    field: "residence", rule: "residenceUnknown",
                    detail: "the register knows no place of residence to put on the card"))
        }
        problems += kindProblems(application, earlierCards: earlierCards)
        problems += biometricProblems(application.biometrics, born: person.dateOfBirth, day: day)
        return problems
    }

    static func kindProblems(_ application: CardApplication, earlierCards: [IdentityCard]) -> [RuleViolation] {
        switch application.kind {
        case .first:
            guard earlierCards.isEmpty else {
                return [RuleViolation(field: "kind", rule: "notFirst", detail: "the person already had a card: apply for a renewal or a reissue")]
            }
            guard application.reason == nil else {
                return [RuleViolation(field: "reason", rule: "noReasonForFirst", detail: "a first card takes no reason")]
            }
        case .renewal, .reissue:
            guard !earlierCards.isEmpty else {
                return [RuleViolation(field: "kind", rule: "noEarlierCard", detail: "the person never had a card: apply for a first card")]
            }
            guard let reason = application.reason else {
                let allowed = CardApplication.Reason.allCases.filter { $0.kind == application.kind }.map(\.rawValue)
                return [RuleViolation(field: "reason", rule: "reasonRequired", detail: "give one of \(allowed.joined(separator: ", "))")]
            }
            guard reason.kind == application.kind else {
                return [
                    RuleViolation(
                        field: "reason", rule: "reasonDoesNotFit",
                        detail: "\(reason.rawValue) is a reason for a \(reason.kind.rawValue), not a \(application.kind.rawValue)")
                ]
            }
        }
        return []
    }

    /// No biometrics below age 6; from 6 on, a JPEG face at least; templates within their sizes.
    static func biometricProblems(_ biometrics: Biometrics, born: PartialDate, day: LocalDate) -> [RuleViolation] {
        guard CardValidity.carriesFaceImage(born: born, on: day) else {
            return biometrics.isEmpty
                ? []
                : [
                    RuleViolation(
                        field: "biometrics", rule: "underSix",
                        detail: "no biometrics are taken from children under 6")
                ]
        }
        var problems: [RuleViolation] = []
        if let face = biometrics.face {
            if face.count > Biometrics.maxFaceBytes {
                problems.append(RuleViolation(field: "face", rule: "tooLarge", detail: "at most \(Biometrics.maxFaceBytes) bytes"))
            } else {
                do throws(CardTextError) { _ = try JPEGImage(bytes: face) } catch {
                    problems.append(RuleViolation(field: "face", rule: "notJPEG", detail: error.detail))
                }
            }
        } else {
            problems.append(RuleViolation(field: "face", rule: "required", detail: "a face image is taken from age 6"))
        }
        for (field, templates, most) in [("fingerprints", biometrics.fingerprints, 10), ("irises", biometrics.irises, 2)] {
            if templates.count > most {
                problems.append(RuleViolation(field: field, rule: "tooMany", detail: "at most \(most)"))
            }
            for (i, template) in templates.enumerated() where template.isEmpty || template.count > Biometrics.maxTemplateBytes {
                problems.append(
                    RuleViolation(
                        field: "\(field)[\(i)]", rule: "size",
                        detail: "a template of 1 to \(Biometrics.maxTemplateBytes) bytes"))
            }
        }
        return problems
    }
}
