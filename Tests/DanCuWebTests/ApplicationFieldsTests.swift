import DanCuCore
import DanCuServices
import Foundation
import OpenAPIRuntime
import Testing

/// An answer's form fields are built from the form's values; the answer must be what it was when the
/// form was written as JSON and parsed again: the same JSON under the API's encoder, for every kind of
/// value and awkward text.
@Suite struct ApplicationFieldsTests {
    @Test func theFieldsAreWhatParsingTheStoredFormGave() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let texts = ["", "Số 12/3 ngõ 5, \"Hà Nội\"", "Nguyễn Thị Ánh\nNGUYỄN", #"C:\dữ liệu\\"#, "true", "12", "\u{7F}\u{2028}😀", "null"]
        // Every kind of value, with each awkward text where a kind holds text, and the extremes of numbers.
        let kinds: [ApplicationForm.Value] =
            texts.flatMap { text in [.text(text), .place(Place(wardCode: "26734", detail: text)), .place(Place(wardCode: nil, detail: text))] }
            + [.integer(Int.min), .integer(-1), .integer(0), .integer(Int.max), .boolean(true), .boolean(false), .place(Place(wardCode: "00004"))]
            + [-40_000, -1, 0, 20_000, 40_000].map { .date(LocalDate(dayNumber: $0)) }
        let names = ["childName", "dateOfBirth", "placeOfBirth", "count", "agreed", "note", "field10", "Field2"]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            var values: [String: ApplicationForm.Value] = [:]
            for name in names where round % 7 == 0 || Bool.random(using: &generator) {
                values[name] = kinds.randomElement(using: &generator)
            }
            let form = ApplicationForm(values: values)
            let parsed = try JSONDecoder().decode(OpenAPIObjectContainer.self, from: Data(try form.encoded().utf8))
            let direct = try OpenAPIObjectContainer(unvalidatedValue: form.jsonObject)
            #expect(try encoder.encode(direct) == encoder.encode(parsed), "\(values)")
        }
    }
}
