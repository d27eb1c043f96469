import DanCuCore
// The bench measures the register's raw reads as the reference the gate's cost is judged against.
@_spi(Gate) import DanCuRegister
import Foundation

/// Per-record costs of the import path, one stage at a time.
func microImport(_ line: String, reference: ReferenceData) {
    let n = 20_000
    func time(_ label: String, _ body: () -> Void) {
        let t = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<n { body() }
        print(label, Double(DispatchTime.now().uptimeNanoseconds - t) / Double(n) / 1000, "µs")
    }
    guard case .success(let person) = PersonJSONReader.read(line) else {
        print("unreadable")
        return
    }
    let validator = RecordValidator(reference: reference)
    time("read") { _ = PersonJSONReader.read(line) }
    time("name") { _ = try? VietnameseName(person.name.fullName) }
    time("number") { _ = try? PersonalNumber(person.personalNumber.rawValue) }
    time("date") { _ = try? PartialDate(iso: "1990-01-02") }
    time("validate") { _ = PersonValidation.validate(person, reference: reference, today: validator.today) }
    time("encode") { _ = PersonJSONWriter.encode(person) }
    time("check") { _ = validator.check(line) }
    time("fold") { _ = person.name.folded }
}
