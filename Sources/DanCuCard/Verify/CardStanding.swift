public import DanCuCore
public import DanCuRegister

/// What the verifier needs to know of a card in the register: its status and dates, the version of the
/// holder's record the chip was made from, and the holder's record now.
public struct CardStanding: Sendable {
    public let cardId: String
    public let personalNumber: PersonalNumber
    public let status: CardStatus
    public let issuedOn: LocalDate
    public let expiresOn: LocalDate?
    /// The holder's record version on the day the chip was personalised.
    public let madeFromVersion: Int?
    public let holder: VersionedPerson
}
