public import DanCuCore
@_spi(Gate) import DanCuRegister

/// Proof that the person a write is about stands at the officer's counter. An officer registers a move,
/// a temporary residence or a stay into their own ward for someone who lives elsewhere; that is lawful
/// only with the person there, so the write must carry what the person shows.
public enum CounterPresence: Sendable {
    /// The full name and date of birth from the card or papers the person shows. With the personal
    /// number of the request, all three must match the register.
    case declared(fullName: String, dateOfBirth: PartialDate)
    /// The person's card chip, read at the counter: it must verify, and belong to this personal number.
    /// The card capability verifies it (`ChipPresence` in DanCuCard); the gate only asks whose it is.
    case chip(any ChipProof)
    /// An application the person made online, signed in with eID at level 2 (a public service): it
    /// stands for the person at the counter. Only the services desk makes it, from the application's
    /// applicant; no HTTP request can carry it. A host's online stay notice stands for the guest's.
    case onlineApplication(applicant: PersonalNumber)
}

/// A chip read at the counter, as the gate sees it: whose it is, if it verifies.
public protocol ChipProof: Sendable {
    /// The personal number of the verified chip's holder; nil when the chip does not verify.
    func verifiedHolder() async throws -> PersonalNumber?
}

/// The person a request is about, as the gate sees them before it answers.
struct Subject: Sendable {
    let number: PersonalNumber
    /// Nil when the register has no such number.
    let current: VersionedPerson?
    /// Whether the caller may read the person now, by the rules of a read (`GET /v1/persons/{number}`).
    let readable: Bool
}
