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
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            var values: [String: ApplicationForm.Value] = [:]
            for (i, name) in ["childName", "dateOfBirth", "placeOfBirth", "count", "agreed", "note", "field10", "Field2"].enumerated()
            where round % 7 == 0 || Bool.random(using: &generator) {
                let text = texts.randomElement(using: &generator) ?? ""
                values[name] =
                    switch (i + round) % 6 {
                    case 0: .text(text)
                    case 1: .date(LocalDate(dayNumber: Int.random(in: -40_000...40_000, using: &generator)))
                    case 2: .integer(Int.random(in: Int.min...Int.max, using: &generator))
                    case 3: .boolean(Bool.random(using: &generator))
                    case 4: .place(Place(wardCode: Bool.random(using: &generator) ? "26734" : nil, detail: text))
                    default: .place(Place(wardCode: "00004"))
                    }
            }
            let form = ApplicationForm(values: values)
            let parsed = try JSONDecoder().decode(OpenAPIObjectContainer.self, from: Data(try form.encoded().utf8))
            let direct = try OpenAPIObjectContainer(unvalidatedValue: form.jsonObject)
            #expect(try encoder.encode(direct) == encoder.encode(parsed), "\(values)")
        }
    }
}
