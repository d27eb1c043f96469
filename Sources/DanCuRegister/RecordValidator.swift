public import DanCuCore

/// Checks one incoming person record (a line of NDJSON): it must decode, and pass the register's
/// validation. The first problem is returned with the field it concerns.
public struct RecordValidator: Sendable {
    public let reference: ReferenceData
    public let today: LocalDate

    public init(reference: ReferenceData, today: LocalDate = CivilClock.system.today()) {
        self.reference = reference
        self.today = today
    }

    public func check(_ line: String) -> Result<(Person, String), RuleViolation> {
        let person: Person
        switch PersonJSONReader.read(line) {
        case .success(let p): person = p.withNFCText
        case .failure(let problem): return .failure(problem)
        }
        if let problem = PersonValidation.validate(person, reference: reference, today: today).first {
            return .failure(problem)
        }
        return .success((person, PersonCodec.encode(person)))
    }
}
