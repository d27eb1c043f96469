import DanCuCore
import Foundation
import Testing

/// Stored events are read back for as long as the register lives: each kind's bytes are fixed here, and
/// must both come out of the encoder and decode to the same change.
@Suite struct LifeEventCodingTests {
    static func samples() throws -> [(LifeEventChange, String)] {
        let hanoi = Place(provinceCode: "01", wardCode: "00004", detail: "Số 1")
        let since = try LocalDate(iso: "2026-01-02")
        let until = try LocalDate(iso: "2026-01-09")
        let ref = PersonReference(name: try VietnameseName("Trần Thị Bích"), personalNumber: try PersonalNumber("001182000102"))
        let person = Person(
            personalNumber: try PersonalNumber("001226000001"), name: try VietnameseName("Nguyễn Minh Khang"),
            dateOfBirth: try PartialDate(iso: "2026-10-20"), sex: .male)
        let place = #"{"country":"VNM","detail":"Số 1","provinceCode":"01","unitList":"current","wardCode":"00004"}"#
        let reference = #"{"name":"Trần Thị Bích","nationality":"VNM","personalNumber":"001182000102"}"#
        let record =
            #"{"bloodGroup":"unknown","children":[],"dateOfBirth":"2026-10-20","ethnicity":"01","identityDocuments":[],"maritalStatus":"single","name":"Nguyễn Minh Khang","nationality":"VNM","otherNames":[],"otherNationalities":[],"personalNumber":"001226000001","religion":"none","representedPersons":[],"sex":"male","vitalStatus":{"status":"alive"}}"#
        return [
            (.birthRegistered(person), #"{"birthRegistered":{"person":\#(record)}}"#),
            (.personRegistered(person), #"{"personRegistered":{"person":\#(record)}}"#),
            (.deathRecorded(date: try PartialDate(iso: "2026-11")), #"{"deathRecorded":{"date":"2026-11"}}"#),
            (.disappearanceRecorded(date: try PartialDate(iso: "2025")), #"{"disappearanceRecorded":{"date":"2025"}}"#),
            (.reappeared, #"{"reappeared":{}}"#),
            (.marriageRegistered(spouse: ref), #"{"marriageRegistered":{"spouse":\#(reference)}}"#),
            (.divorceRegistered, #"{"divorceRegistered":{}}"#),
            (.widowed, #"{"widowed":{}}"#),
            (
                .permanentResidenceRegistered(Residence(place: hanoi, since: since)),
                #"{"permanentResidenceRegistered":{"residence":{"place":\#(place),"since":"2026-01-02"}}}"#
            ),
            (
                .temporaryResidenceRegistered(Residence(place: hanoi, since: since, until: until)),
                #"{"temporaryResidenceRegistered":{"residence":{"place":\#(place),"since":"2026-01-02","until":"2026-01-09"}}}"#
            ),
            (.temporaryResidenceEnded, #"{"temporaryResidenceEnded":{}}"#),
            (.permanentResidenceRemoved(reason: "Đã chết"), #"{"permanentResidenceRemoved":{"reason":"Đã chết"}}"#),
            (.currentResidenceDeclared(hanoi), #"{"currentResidenceDeclared":{"place":\#(place)}}"#),
            (
                .stayNotified(StayNotice(place: hanoi, from: since, until: until, host: "Nhà bà Lan")),
                #"{"stayNotified":{"stay":{"from":"2026-01-02","host":"Nhà bà Lan","place":\#(place),"until":"2026-01-09"}}}"#
            ),
            (
                .temporaryAbsenceDeclared(TemporaryAbsence(from: since, until: until, reason: "công tác")),
                #"{"temporaryAbsenceDeclared":{"absence":{"from":"2026-01-02","reason":"công tác","until":"2026-01-09"}}}"#
            ),
            (.nameChanged(try VietnameseName("Hoàng Văn Giáp")), #"{"nameChanged":{"name":"Hoàng Văn Giáp"}}"#),
            (.corrected(PersonCorrection(ethnicity: "02")), #"{"corrected":{"correction":{"ethnicity":"02"}}}"#),
            (
                .joinedHousehold(householdId: "HK0000000001", relationship: .child),
                #"{"joinedHousehold":{"householdId":"HK0000000001","relationship":"child"}}"#
            ),
            (.leftHousehold(householdId: "HK0000000001"), #"{"leftHousehold":{"householdId":"HK0000000001"}}"#),
            (.relationshipToHeadChanged(.spouse), #"{"relationshipToHeadChanged":{"relationship":"spouse"}}"#),
            (.childAdded(ref), #"{"childAdded":{"child":\#(reference)}}"#),
            (.mergedInto(survivor: try PersonalNumber("001080000101")), #"{"mergedInto":{"survivor":"001080000101"}}"#),
            (.duplicateMerged(duplicate: try PersonalNumber("001080000201")), #"{"duplicateMerged":{"duplicate":"001080000201"}}"#),
            (.mergeUndone(other: try PersonalNumber("001080000101")), #"{"mergeUndone":{"other":"001080000101"}}"#),
        ]
    }

    @Test func everyKindHasFixedBytesThatRoundTrip() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let samples = try Self.samples()
        #expect(Set(samples.map(\.0.kind)).count == 24, "a sample for every kind")
        for (change, bytes) in samples {
            #expect(String(decoding: try encoder.encode(change), as: UTF8.self) == bytes, "\(change.kind)")
            #expect(try JSONDecoder().decode(LifeEventChange.self, from: Data(bytes.utf8)) == change, "\(change.kind)")
            #expect(!bytes.contains("_0"))
        }
    }

    @Test func anythingButOneKnownKindIsRefused() {
        for bad in [#"{}"#, #"{"nameChanged":{"name":"A B"},"widowed":{}}"#, #"{"flying":{}}"#, #"{"nameChanged":{"_0":"A B"}}"#] {
            #expect(throws: DecodingError.self, "\(bad)") { try JSONDecoder().decode(LifeEventChange.self, from: Data(bad.utf8)) }
        }
    }
}
