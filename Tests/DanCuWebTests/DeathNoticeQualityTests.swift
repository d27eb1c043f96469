import DanCuAccess
import DanCuCore
import DanCuExchange
import DanCuQuality
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import DanCuWeb

/// A hospital's death notice, written by a member system as a linked record, makes the register's record
/// of a person still alive break the sống rule `death-recorded`, until the death is registered.
@Suite struct DeathNoticeQualityTests {
    static func brokenRules(_ h: WebHarness, _ number: String) async throws -> Int64? {
        try await h.fixture.register.store.read { db in
            try db.queryOne("SELECT broken_rules FROM quality_scores WHERE personal_number = ?", [.text(number)])?["broken_rules"].int
        }
    }

    @Test func aDeathNoticeFromAHospitalIsMeasuredUntilTheDeathIsRegistered() async throws {
        try await WebHarness.with { h, client in
            let a3 = try h.number("a3")
            let exchange = try #require(h.services.exchange)
            let scores = try #require(h.services.quality?.figures.scores)
            let hospital = try await ExchangeMember.register(exchange, code: "BYT", subsystem: "BENH-VIEN", legalBasis: "15/2023/QH15")
            try await exchange.grants.grant(
                hospital.subsystem, service: .linkedRecordsWrite, fields: [RecordType.deathNotice], purpose: .healthCare, legalBasis: hospital.legalBasis,
                by: "admin")
            _ = try await scores.recomputeAll()
            #expect(try await Self.brokenRules(h, a3).map { $0 & Int64(QualityRule.deathRecorded.bit) } == 0)

            let path = "/x/v1/persons/\(a3)/records"
            let notice = #"{"type":"death-notice","data":{"diedOn":"2026-11-30","facility":"Bệnh viện Bạch Mai"}}"#
            var headers = HTTPFields()
            for (name, value) in try hospital.signedHeaders(
                method: "POST", targetURI: "http://localhost" + path, body: Array(notice.utf8), purpose: "health-care")
            {
                headers.append(HTTPField(name: try #require(HTTPField.Name(name)), value: value))
            }
            let written = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: notice))
            #expect(written.status == .created, "\(written.text)")

            _ = try await scores.recomputeAll()
            #expect(try await Self.brokenRules(h, a3).map { $0 & Int64(QualityRule.deathRecorded.bit) } != 0, "reported dead elsewhere, alive here")
            let read = try await h.fixture.accessLog().filter { $0.action == "quality-death-notices" }
            #expect(read.map(\.subject) == [a3] && read.allSatisfy { $0.purpose == "data-quality" && $0.decision == "allowed" })

            let number = try PersonalNumber(a3)
            _ = try await h.fixture.register.record(
                .deathRecorded(date: try PartialDate(iso: "2026-11-30")), for: number, validFrom: try LocalDate(iso: "2026-11-30"), officer: "tp.a")
            try await scores.remeasure([number])
            #expect(try await Self.brokenRules(h, a3).map { $0 & Int64(QualityRule.deathRecorded.bit) } == 0, "the death registered, the record is live")
        }
    }

    /// The card office's cards count for the sống rule `card-current` as the record's own documents do.
    @Test func theCardOfficesCardsAreMeasured() async throws {
        try await WebHarness.with { h, _ in
            let a1 = try h.number("a1")
            let scores = try #require(h.services.quality?.figures.scores)
            _ = try await scores.recomputeAll()
            #expect(try await Self.brokenRules(h, a1).map { $0 & Int64(QualityRule.cardCurrent.bit) } == 0, "a1's card was issued this year")
            let holders = try await h.fixture.accessLog().filter { $0.action == "quality-cards" }.compactMap(\.subject)
            #expect(holders.contains(a1) && holders.allSatisfy { $0.count == 12 }, "each holder measured is logged")
            // The same card as if issued in 2010, valid to 2020, and never renewed.
            try await h.fixture.register.store.write { db in
                try db.execute("UPDATE cards SET issued_on = '2010-01-01', expires_on = '2020-01-01' WHERE card_id = ?", [.text(a1 + "-1")])
            }
            try await scores.remeasure([try PersonalNumber(a1)])
            #expect(try await Self.brokenRules(h, a1).map { $0 & Int64(QualityRule.cardCurrent.bit) } != 0, "an expired card is not live")
        }
    }
}
