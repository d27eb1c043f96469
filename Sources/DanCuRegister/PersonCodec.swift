public import DanCuCore
import DanCuStore
public import Foundation

/// The JSON form of records and events as stored and exported: sorted keys, so that the same record
/// always has the same bytes.
public enum PersonCodec {
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    public static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder().encode(value), as: UTF8.self)
    }

    /// Person records take the fast writer; it produces the same bytes.
    public static func encode(_ person: Person) -> String { PersonJSONWriter.encode(person) }
    public static func encode(_ place: Place) -> String { PersonJSONWriter.place(place) }

    /// Reads a stored person record with the fast reader; a record that does not read is damage in the
    /// store, reported as such.
    public static func decodePerson(_ text: String) throws -> Person {
        switch PersonJSONReader.read(text) {
        case .success(let person): return person
        case .failure(let problem): throw StoreError.backend("a stored person record does not read: \(problem)")
        }
    }

    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
