import DanCuCard
import DanCuCore
import DanCuRegister
import Testing

@Suite struct CardLifecycleTests {
    static func date(_ text: String) throws -> LocalDate { try LocalDate(iso: text) }

    @Test func cardsExpireOnTheBirthdayAtTheNextRenewalAge() throws {
        let born = try PartialDate(iso: "2000-05-01")
        let cases: [(String, String?)] = [
            ("2006-01-01", "2014-05-01"),  // age 5: to 14
            ("2012-05-01", "2025-05-01"),  // two years before 14: to 25
            ("2015-01-01", "2025-05-01"),
            ("2023-05-02", "2040-05-01"),  // within two years of 25: to 40
            ("2023-04-30", "2025-05-01"),  // just outside the grace period
            ("2030-01-01", "2040-05-01"),
            ("2045-01-01", "2060-05-01"),
            ("2058-06-01", nil),  // within two years of 60: for life
            ("2061-01-01", nil),
        ]
        for (issued, expiry) in cases {
            #expect(CardValidity.expiry(born: born, issuedOn: try Self.date(issued)) == (try expiry.map(Self.date)), "issued \(issued)")
        }
        // The facts file's public sample: born 1993-01-05, expiring 2033-01-05 (age 40).
        #expect(CardValidity.expiry(born: try PartialDate(iso: "1993-01-05"), issuedOn: try Self.date("2021-03-01")) == (try Self.date("2033-01-05")))
    }

    @Test func aBirthDateKnownInPartNeverLengthensTheCard() throws {
        #expect(CardValidity.expiry(born: try PartialDate(iso: "1980"), issuedOn: try Self.date("2010-06-01")) == (try Self.date("2020-01-01")))
        #expect(CardValidity.expiry(born: try PartialDate(iso: "1980-07"), issuedOn: try Self.date("2010-06-01")) == (try Self.date("2020-07-01")))
    }

    @Test func everyExpiryIsARenewalBirthdayAfterTheIssue() throws {
        var rng = SplitMix64(seed: 2026)
        for _ in 0..<5_000 {
            let born = try LocalDate(
                year: Int.random(in: 1930...2025, using: &rng), month: Int.random(in: 1...12, using: &rng),
                day: Int.random(in: 1...28, using: &rng))
            let issued = born.adding(days: Int.random(in: 0...(80 * 365), using: &rng))
            let age = PartialDate(born).age(on: issued)
            guard let expiry = CardValidity.expiry(born: PartialDate(born), issuedOn: issued) else {
                #expect(age >= 58, "for life only from 58: age \(age)")
                continue
            }
            #expect(expiry > issued)
            #expect(CardValidity.renewalAges.contains { born.adding(years: $0) == expiry })
            #expect(issued.adding(years: CardValidity.graceYears) <= expiry || issued < born.adding(years: 14))
        }
    }

    @Test func childrenUnderSixHaveNoFaceImage() throws {
        let born = try PartialDate(iso: "2020-03-01")
        #expect(!CardValidity.carriesFaceImage(born: born, on: try Self.date("2026-02-28")))
        #expect(CardValidity.carriesFaceImage(born: born, on: try Self.date("2026-03-01")))
    }

    @Test func aCardGoesFromApplicationToActiveAndEndsOnce() throws {
        var status = CardStatus.applied
        for event in [CardEvent.approve, .produce, .deliver] { status = try event.apply(to: status) }
        #expect(status == .active && status.isValid)
        #expect(try CardEvent.reportLost.apply(to: status) == .lost)
        #expect(try CardEvent.revoke.apply(to: status) == .revoked)
        #expect(throws: CardTextError.self) { try CardEvent.deliver.apply(to: .lost) }
        #expect(try CardEvent.replace.apply(to: status) == .replaced)
        #expect(CardEvent(name: "report-lost") == .reportLost && CardEvent(name: "reportLost") == nil)
        #expect(throws: CardTextError.self) { try CardEvent.deliver.apply(to: .applied) }
        // No event brings an ended card back.
        for ended in CardStatus.allCases where ended.hasEnded {
            for event in CardEvent.allCases {
                #expect(throws: CardTextError.self) { try event.apply(to: ended) }
            }
        }
    }
}
