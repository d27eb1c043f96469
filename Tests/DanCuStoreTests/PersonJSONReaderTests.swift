import DanCuCore
@_spi(Gate) import DanCuRegister
import Foundation
import PropertyBased
import Testing

/// The fast reader must give exactly the answers of `Person`'s `Decodable` conformance.
@Suite struct PersonJSONReaderTests {
    static let records: [String] = {
        var g = SyntheticPopulation(seed: 9, reference: .bundled)
        var out: [String] = []
        while out.count < 400 {
            for var p in (try? g.nextHousehold().people) ?? [] {
                // Some records of merged duplicates: a cancelled one, and a survivor.
                if out.count % 50 == 1 { p.mergedInto = try? PersonalNumber("001080000101") }
                if out.count % 50 == 2 { p.mergedNumbers = [try? PersonalNumber("001080000101"), try? PersonalNumber("079190000104")].compactMap { $0 } }
                out.append(PersonJSONWriter.encode(p))
            }
        }
        return out
    }()

    func viaDecoder(_ text: String) -> Result<Person, RuleViolation> {
        do { return .success(try JSONDecoder().decode(Person.self, from: Data(text.utf8))) } catch let e as DecodingError {
            return .failure(Self.describe(e))
        } catch {
            return .failure(RuleViolation(field: "record", rule: "invalid", detail: "\(error)"))
        }
    }

    @Test func readsWhatTheWriterWrote() throws {
        for text in Self.records {
            let fast = PersonJSONReader.read(text)
            guard case .success(let p) = fast else {
                Issue.record("\(fast)")
                continue
            }
            #expect(PersonJSONWriter.encode(p) == text)
            #expect(try viaDecoder(text).get() == p)
        }
    }

    /// One random change to a valid record (a member removed, or its value replaced by another type or a
    /// wrong value): both readers accept or refuse it alike, and name the same member.
    @Test func agreesWithDecodableOnDamagedRecords() async {
        let replacements: [Any] = [NSNull(), 7, true, "x", "", [Any](), [String: Any](), "1990-02-30", "999999999999", "dead"]
        await propertyCheck(
            count: 3000, input: Gen.int(in: 0...(Self.records.count - 1)), Gen.int(in: 0...10_000),
            Gen.int(in: 0...(replacements.count))
        ) { recordIndex, pathSeed, replacementIndex in
            guard let object = try? JSONSerialization.jsonObject(with: Data(Self.records[recordIndex].utf8)) else {
                Issue.record("unreadable fixture")
                return
            }
            let damaged = Self.damage(object, seed: pathSeed, replacement: replacementIndex < replacements.count ? replacements[replacementIndex] : nil)
            guard let data = try? JSONSerialization.data(withJSONObject: damaged) else { return }
            let text = String(decoding: data, as: UTF8.self)
            let fast = PersonJSONReader.read(text)
            let slow = viaDecoder(text)
            switch (fast, slow) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(text)")
            case (.failure(let a), .failure(let b)): #expect(a.field == b.field, "\(text): \(a) vs \(b)")
            default: Issue.record("readers disagree on \(text): fast \(fast), decodable \(slow)")
            }
        }
    }

    @Test func refusesMalformedJSONWithoutCrashing() async {
        await propertyCheck(count: 3000, input: Gen.int(in: 0...(Self.records.count - 1)), Gen.int(in: 0...2000), Gen.int(in: 0...255)) { r, position, byte in
            var bytes = Array(Self.records[r].utf8)
            bytes[position % bytes.count] = UInt8(byte)
            let text = String(decoding: bytes, as: UTF8.self)
            let fastOK = (try? PersonJSONReader.read(text).get()) != nil
            let slowOK = (try? viaDecoder(text).get()) != nil
            #expect(fastOK == slowOK, "\(text)")
        }
        #expect((try? PersonJSONReader.read(String(repeating: "[", count: 100_000)).get()) == nil)
    }

    /// Walks to a pseudo-random member (possibly nested) and removes it or replaces its value.
    static func damage(_ value: Any, seed: Int, replacement: Any?) -> Any {
        guard var dict = value as? [String: Any], !dict.isEmpty else {
            if var array = value as? [Any], !array.isEmpty {
                let i = seed % array.count
                array[i] = damage(array[i], seed: seed / 7, replacement: replacement)
                return array
            }
            return replacement ?? value
        }
        let keys = dict.keys.sorted()
        let key = keys[seed % keys.count]
        let goDeeper = (seed / keys.count) % 3 == 0
        if goDeeper, let inner = dict[key], inner is [String: Any] || inner is [Any] {
            dict[key] = damage(inner, seed: seed / (keys.count * 3) + 1, replacement: replacement)
        } else if let replacement {
            dict[key] = replacement
        } else {
            dict[key] = nil
        }
        return dict
    }

    /// How the Decodable path names the member at fault (the behaviour the fast reader keeps).
    static func describe(_ error: DecodingError) -> RuleViolation {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return RuleViolation(field: field, rule: "required", detail: "is missing")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return RuleViolation(field: path(context.codingPath), rule: "type", detail: context.debugDescription)
        case .dataCorrupted(let context):
            let field = context.codingPath.isEmpty ? "record" : path(context.codingPath)
            let detail = context.debugDescription
            return RuleViolation(field: field, rule: "invalid", detail: field == "record" ? "not valid JSON" : detail)
        @unknown default:
            return RuleViolation(field: "record", rule: "invalid", detail: "\(error)")
        }
    }
}
