import DanCuCore
import Foundation
import Testing

@testable import DanCuServices

/// A stored form is written by hand now; its bytes must stay what `JSONSerialization` wrote with
/// `.sortedKeys`, since stored forms and idempotency fingerprints were made that way.
@Suite struct FormJSONTests {
    static func foundation(_ form: ApplicationForm) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: form.jsonObject, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Every byte below 0x80, the characters that need escaping, Vietnamese and characters outside the BMP.
    static let awkward: [String] = {
        var everyASCII = ""
        for b in UInt8(0)..<0x80 { everyASCII.unicodeScalars.append(Unicode.Scalar(b)) }
        return [
            everyASCII, "", "Số 12/3 ngõ 5, \"Hà Nội\"", "Nguyễn Thị Ánh\nNGUYỄN", #"C:\dữ liệu\\"#, "tab\there\r\n", "\u{7F}\u{2028}\u{FEFF}😀",
            "</script>",
        ]
    }()

    @Test func everyProcedureFormIsWrittenAsFoundationWritesIt() throws {
        let catalogue = try ProcedureCatalogue.load()
        var generator = SystemRandomNumberGenerator()
        var compared = 0
        for procedure in catalogue.procedures {
            for round in 0..<20 {
                var values: [String: ApplicationForm.Value] = [:]
                for field in procedure.fields where Bool.random(using: &generator) || round == 0 {
                    let text = Self.awkward.randomElement(using: &generator) ?? ""
                    values[field.name] =
                        switch Int.random(in: 0..<6, using: &generator) {
                        case 0: .text(text)
                        case 1: .date(LocalDate(dayNumber: Int.random(in: -40_000...40_000, using: &generator)))
                        case 2: .integer(Int.random(in: Int.min...Int.max, using: &generator))
                        case 3: .boolean(Bool.random(using: &generator))
                        case 4: .place(Place(wardCode: Bool.random(using: &generator) ? "26734" : nil, detail: text))
                        default: .place(Place(wardCode: "00004"))
                        }
                }
                let form = ApplicationForm(values: values)
                #expect(try form.encoded() == Self.foundation(form), "\(procedure.code)")
                compared += 1
            }
        }
        #expect(compared == 25 * 20)
    }

    /// Names that sort otherwise by collation than by bytes are handed to Foundation.
    @Test func namesWithDigitsOrThatDifferOnlyInCaseKeepFoundationsOrder() throws {
        for names in [["field10", "field9", "Field2"], ["ab", "aB", "b"], ["B", "ab", "c", "Ab1"], ["x_y", "x-y", "xy"]] {
            let form = ApplicationForm(values: Dictionary(uniqueKeysWithValues: names.map { ($0, ApplicationForm.Value.text("/\($0)")) }))
            #expect(try form.encoded() == Self.foundation(form), "\(names)")
        }
    }

    /// The order the hand-written path keeps is the case-insensitive one, not the bytes': "B" after "ab".
    @Test func lettersSortWithoutRegardToCase() throws {
        let form = ApplicationForm(values: ["B": .integer(5), "ab": .boolean(true), "c": .text("/")])
        #expect(try form.encoded() == #"{"ab":true,"B":5,"c":"\/"}"#)
    }
}
