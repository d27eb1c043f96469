/// A public-service procedure (thủ tục hành chính) as its catalogue file declares it: who answers for
/// it and under which law, who may apply, what the form asks and what it takes from the register, what
/// must be attached, what it costs, how long it may take, the steps and who acts at each, and what the
/// applicant receives. The engine runs applications from this and from nothing else, so an
/// administrator changes a procedure by changing its file.
public struct Procedure: Sendable, Equatable {
    /// Lower-case letters, digits and hyphens: `birth-registration`.
    public let code: String
    /// The procedure's place on the national list of 25 essential services, when it is one of them.
    public let essentialNumber: Int?
    public let name: Words
    public let responsibleBody: Words
    /// The laws and decrees the procedure rests on, as they are cited.
    public let legalBasis: [String]
    public let applicants: Applicants
    /// Where the application is handled: the ward whose officers receive it.
    public let jurisdiction: JurisdictionSource
    public let fields: [FormField]
    public let attachments: [Attachment]
    public let fee: Fee
    /// The whole procedure's limit in working days, counted from the day after receipt.
    public let processingDays: Int
    public let steps: [Step]
    public let results: [Result]

    /// A text in Vietnamese (first) and English.
    public struct Words: Sendable, Equatable, Codable {
        public let vi: String
        public let en: String
    }

    /// Who may apply, and about whom.
    public struct Applicants: Sendable, Equatable {
        /// The eID level the applicant must have signed in with (1 or 2).
        public let eidLevel: Int
        /// The applicant's least age on the day of submission.
        public let minimumAge: Int
        public let subject: Subject
        /// For a subject other than the applicant, the subject's youngest and oldest ages (a child
        /// under 6 for the interlinked birth procedure), when the procedure limits them.
        public let subjectMaximumAge: Int?
    }

    /// Whom an application is about, and how the applicant stands to them.
    public enum Subject: String, Sendable, Equatable, CaseIterable {
        /// The applicant themself.
        case applicant
        /// A child not yet in the register, whose parent applies (birth registration).
        case newborn
        /// A person of the register who died, for whom a relative applies.
        case deceased
        /// The applicant and another person of the register who apply together (marriage): the
        /// partner's personal number is a field of the form.
        case couple
    }

    /// Where an application's jurisdiction comes from.
    public enum JurisdictionSource: Sendable, Equatable {
        /// The ward of the applicant's permanent residence (else temporary, else current) in the register.
        case applicantResidence
        /// The ward of the subject's last permanent residence (a deceased person's).
        case subjectResidence
        /// The ward of an address the applicant gives in the form field of that name (a new residence).
        case field(String)
    }

    /// One field of the form.
    public struct FormField: Sendable, Equatable {
        public let name: String
        public let label: Words
        public let type: FieldType
        /// Where the value comes from: nil when the applicant gives it; a register path when the
        /// register holds it, and then it is shown and never asked (once-only).
        public let register: RegisterPath?
        /// For an asked field: whether it must be given.
        public let required: Bool
        /// For a `choice`: the allowed values.
        public let options: [String]
        /// For `text`: the most characters.
        public let maxLength: Int?
    }

    public enum FieldType: String, Sendable, Equatable, CaseIterable {
        case text, name, date
        case partialDate = "partial-date"
        case personalNumber = "personal-number"
        case sex, place, choice, integer,
            boolean, phone, email
    }

    /// A required or optional document.
    public struct Attachment: Sendable, Equatable {
        public let code: String
        public let name: Words
        public let required: Bool
        public let mediaTypes: [String]
        public let maxBytes: Int
    }

    public struct Fee: Sendable, Equatable {
        /// In đồng; 0 when the procedure is free.
        public let amount: Int
        public let note: Words?
    }

    /// One step: a desk acts, in order after the steps it names in `after`, or in parallel with the
    /// others that follow the same steps.
    public struct Step: Sendable, Equatable {
        public let id: String
        public let name: Words
        public let desk: Desk
        /// For a member-system step: the code of the member system's service that decides it (its
        /// exchange subscription receives the case).
        public let member: String?
        public let after: [String]
        public let workingDays: Int
        public let action: StepAction
    }

    /// Who acts at a step.
    public enum Desk: String, Sendable, Equatable, CaseIterable {
        /// Công an cấp xã: residence, stays, absences.
        case communePolice = "commune-police"
        /// Công chức tư pháp - hộ tịch of the commune People's Committee: births, deaths, marriages.
        case civilStatus = "civil-status"
        /// The identity-card office.
        case cardOffice = "card-office"
        /// An agency's member system, through the exchange gateway.
        case memberSystem = "member-system"
    }

    /// What an approved step does.
    public enum StepAction: String, Sendable, Equatable, CaseIterable {
        case registerBirth = "register-birth"
        case registerDeath = "register-death"
        case registerMarriage = "register-marriage"
        case registerPermanentResidence = "register-permanent-residence"
        case removePermanentResidence = "remove-permanent-residence"
        case registerTemporaryResidence = "register-temporary-residence"
        case declareTemporaryAbsence = "declare-temporary-absence"
        case notifyStay = "notify-stay"
        case reissueCard = "reissue-card"
        case confirmLegacyNumber = "confirm-legacy-number"
        /// The member system decides and reports back (a card number, a tax code, an allowance).
        case memberDecision = "member-decision"

        /// The desks that may take the action.
        public var desks: Set<Desk> {
            switch self {
            case .registerBirth, .registerDeath, .registerMarriage: [.civilStatus]
            case .registerPermanentResidence, .removePermanentResidence, .registerTemporaryResidence, .declareTemporaryAbsence,
                .notifyStay, .confirmLegacyNumber:
                [.communePolice]
            case .reissueCard: [.cardOffice]
            case .memberDecision: [.memberSystem]
            }
        }
    }

    /// What the applicant receives.
    public struct Result: Sendable, Equatable {
        public let kind: ResultKind
        public let name: Words
        /// The step whose approval yields it.
        public let step: String
        /// For a linked record: the exchange's record type (`health-insurance-card`).
        public let recordType: String?
    }

    public enum ResultKind: String, Sendable, Equatable, CaseIterable {
        /// An electronic document signed by DanCu.
        case document
        /// A change in the register.
        case registerChange = "register-change"
        /// A record a member system links to the person.
        case linkedRecord = "linked-record"
        /// A member system's decision (an allowance granted).
        case decision
    }

    /// Whether the procedure crosses agencies (liên thông): its steps belong to more than one desk.
    public var isInterlinked: Bool { Set(steps.map(\.desk)).count > 1 }

    /// The steps no other step waits for first.
    public var firstSteps: [Step] { steps.filter { $0.after.isEmpty } }
}
