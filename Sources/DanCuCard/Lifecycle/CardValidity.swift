public import DanCuCore

/// How long a card is valid (Identity Law 2023 Art. 21): it is renewed at the ages 14, 25, 40 and 60,
/// and expires on the holder's birthday at the next of those ages. A card issued within two years
/// before one of them stays valid to the one after (Art. 21(2)). From 60 on it is valid for life.
///
/// A birth date known only in part counts from its earliest possible day, so the expiry is never later
/// than the true birthday.
public enum CardValidity {
    public static let renewalAges = [14, 25, 40, 60]
    /// The law's grace period before a renewal age.
    public static let graceYears = 2
    /// Below this age the card has no face image, and no biometrics are taken.
    public static let faceImageFromAge = 6

    /// The expiry of a card issued on `issuedOn`; nil when it is valid for life.
    public static func expiry(born: PartialDate, issuedOn: LocalDate) -> LocalDate? {
        let birthday = born.earliest
        for (i, age) in renewalAges.enumerated() {
            let milestone = birthday.adding(years: age)
            guard issuedOn < milestone else { continue }
            if issuedOn >= milestone.adding(years: -graceYears) {
                // Within the grace period: valid to the next renewal age, or for life after the last.
                return i + 1 < renewalAges.count ? birthday.adding(years: renewalAges[i + 1]) : nil
            }
            return milestone
        }
        return nil
    }

    /// Whether a card made on `date` carries the holder's face.
    public static func carriesFaceImage(born: PartialDate, on date: LocalDate) -> Bool {
        born.age(on: date) >= faceImageFromAge
    }
}
