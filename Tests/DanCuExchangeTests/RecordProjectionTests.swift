import DanCuCore
import DanCuRegister
import DanCuTestSupport
import Foundation
import Testing

@testable import DanCuExchange

/// A record cut to some of its fields from the register's own encoding holds what Foundation's round
/// trip (parse, filter, write) held, member for member, in the codec's order; text that is not one JSON
/// object is refused.
@Suite struct RecordProjectionTests {
    @Test func aProjectionHoldsWhatTheRoundTripHeld() async throws {
        try await GateFixture.with(.sqlite) { fixture in
            var population = SyntheticPopulation(seed: 11, reference: fixture.register.reference)
            var people: [Person] = []
            while people.count < 150 { people += try population.nextHousehold().people }
            let every = ExchangeService.personData.fields
            let choices = [every, ["name"], ["permanentResidence", "dateOfBirth", "sex"], every.filter { $0.hasPrefix("p") }, ["noSuchField"]]
            for person in people {
                let whole = try #require(try JSONSerialization.jsonObject(with: Data(PersonCodec.encode(person).utf8)) as? [String: Any])
                let order = try #require(RecordProjection.topLevelMembers(of: Array(PersonCodec.encode(person).utf8))).map {
                    String(decoding: $0.key, as: UTF8.self)
                }
                for fields in choices {
                    let projected = try #require(RecordProjection.project(person, to: fields))
                    let object = try #require(try JSONSerialization.jsonObject(with: Data(projected.utf8)) as? [String: Any])
                    #expect(NSDictionary(dictionary: object).isEqual(to: whole.filter { fields.contains($0.key) }), "\(projected)")
                    let kept = try #require(RecordProjection.topLevelMembers(of: Array(projected.utf8))).map { String(decoding: $0.key, as: UTF8.self) }
                    #expect(kept == order.filter { fields.contains($0) })
                }
            }
        }
    }

    @Test func onlyOneObjectIsCut() throws {
        let tricky = #"{"a":"q\"}{[","b":[1,{"c":"]"}],"d":null, "e" : -1.5e3 ,"f":{}}"#
        let members = try #require(RecordProjection.topLevelMembers(of: Array(tricky.utf8)))
        #expect(members.map { String(decoding: $0.key, as: UTF8.self) } == ["a", "b", "d", "e", "f"])
        #expect(members.map { String(decoding: $0.value, as: UTF8.self) } == [#""q\"}{[""#, #"[1,{"c":"]"}]"#, "null", "-1.5e3", "{}"])
        #expect(RecordProjection.topLevelMembers(of: Array("{}".utf8))?.isEmpty == true)
        for broken in [
            "", "[1]", "{", #"{"a":}"#, #"{"a":"x}"#, #"{"a":1"#, #"{"a":[1}"#, #"{"a":1}{"#, #"{"a" 1}"#, #"{"a":1,}"#, #"{"a":[1},"b":2}"#,
            #"{"a":{"b":[}]}}"#,
        ] {
            #expect(RecordProjection.topLevelMembers(of: Array(broken.utf8)) == nil, "\(broken)")
        }
    }
}
