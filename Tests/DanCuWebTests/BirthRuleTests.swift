import DanCuAccess
import DanCuTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A birth writes into its parents' records and sets the child's number for life: the trial found both
/// taken on trust.
@Suite struct BirthRuleTests {
    static let wardA = #"{"country":"VNM","provinceCode":"01","wardCode":"00004","unitList":"current"}"#

    static func birth(name: String = "Nguyễn Minh Khang", born: String = "2026-10-20", place: String = wardA, extra: String = "") -> String {
        #"{"name":"\#(name)","sex":"male","dateOfBirth":"\#(born)","placeOfBirth":\#(wardA),"birthRegistrationPlace":\#(place),"ethnicity":"01","religion":"none","nationality":"VNM"\#(extra)}"#
    }

    static func post(
        _ h: WebHarness, _ client: any TestClientProtocol, _ body: String, key: String = UUID().uuidString,
        as officer: String = "communeA"
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/births", method: .post,
            headers: h.headers(officer, purpose: .civilStatus, json: true, extra: [HTTPField.Name("Idempotency-Key")!: key]),
            body: ByteBuffer(string: body))
    }

    static func version(_ h: WebHarness, _ client: any TestClientProtocol, _ number: String) async throws -> String? {
        try await client.execute(uri: "/v1/persons/\(number)", method: .get, headers: h.headers("central", purpose: .civilStatus)).headers[.eTag]
    }

    @Test func aParentWhoDoesNotMatchTheRegisterIsRefusedAndTheirRecordUntouched() async throws {
        try await WebHarness.with { h, client in
            let a1 = try h.number("a1")
            let a2 = try h.number("a2")
            let c1 = try h.number("c1")
            let before = try await Self.version(h, client, a1)
            var answers: [String: String] = [:]
            for (label, parent) in [
                ("wrong name", #""father":{"name":"Lê Văn Sai","personalNumber":"\#(a1)","nationality":"VNM"}"#),
                ("a man as mother", #""mother":{"name":"Nguyễn Văn An","personalNumber":"\#(a1)","nationality":"VNM"}"#),
                ("unknown number", #""father":{"name":"Lê Văn Sai","personalNumber":"001080999999","nationality":"VNM"}"#),
                ("outsider, wrong name", #""father":{"name":"Lê Văn Sai","personalNumber":"\#(c1)","nationality":"VNM"}"#),
            ] {
                let response = try await Self.post(h, client, Self.birth(extra: "," + parent))
                #expect(response.status == .unprocessableContent, "\(label): \(response.text)")
                #expect(response.problemFields == [label == "a man as mother" ? "mother" : "father"], "\(label)")
                answers[label] = (response.json["errors"] as? [[String: Any]])?.first?["detail"] as? String
            }
            // The same words whether the number is unknown or the person does not fit.
            #expect(Set(answers.values).count == 2)
            #expect(answers["unknown number"] == answers["wrong name"])
            #expect(try await Self.version(h, client, a1) == before)
            // The right father, typed without marks, and the right mother are taken.
            let right = try await Self.post(
                h, client,
                Self.birth(
                    extra:
                        #","father":{"name":"Nguyen Van An","personalNumber":"\#(a1)","nationality":"VNM"},"mother":{"name":"Trần Thị Bích","personalNumber":"\#(a2)","nationality":"VNM"}"#
                ))
            #expect(right.status == .created, "\(right.text)")
            #expect(try await Self.version(h, client, a1) != before)
        }
    }

    @Test func theSameBirthTwiceIsRefusedUnlessAMultipleBirth() async throws {
        try await WebHarness.with { h, client in
            let a2 = try h.number("a2")
            let mother = #","mother":{"name":"Trần Thị Bích","personalNumber":"\#(a2)","nationality":"VNM"}"#
            let people = try await h.fixture.count("persons")
            #expect(try await Self.post(h, client, Self.birth(extra: mother)).status == .created)
            let again = try await Self.post(h, client, Self.birth(extra: mother))
            #expect(again.status == .conflict, "\(again.text)")
            #expect(again.problemFields == ["name"])
            // With no parent named, the same name, date and place of registration is the same birth.
            #expect(try await Self.post(h, client, Self.birth(name: "Lê Thu Hà")).status == .created)
            #expect(try await Self.post(h, client, Self.birth(name: "Lê Thu Hà")).status == .conflict)
            let twin = try await Self.post(h, client, Self.birth(extra: mother + #","multipleBirth":true"#))
            #expect(twin.status == .created, "\(twin.text)")
            #expect(try await h.fixture.count("persons") == people + 3, "three births entered, the two repeats refused")
        }
    }

    @Test func aRegistrationPlaceWhoseWardIsInAnotherProvinceIsRefused() async throws {
        try await WebHarness.with { h, client in
            let mixed = #"{"country":"VNM","provinceCode":"01","wardCode":"27637","unitList":"current"}"#
            let response = try await Self.post(h, client, Self.birth(place: mixed), as: "central")
            #expect(response.status == .unprocessableContent, "\(response.text)")
            #expect(response.problemFields == ["birthRegistrationPlace.wardCode"])
            let year1800 = try await Self.post(h, client, Self.birth(born: "1800-01-01"))
            #expect(year1800.problemFields == ["dateOfBirth"], "\(year1800.text)")
            // Registered in Hà Nội: the number starts 001.
            let good = try await Self.post(h, client, Self.birth())
            #expect(((good.json["person"] as? [String: Any])?["personalNumber"] as? String)?.hasPrefix("001") == true)
        }
    }
}
