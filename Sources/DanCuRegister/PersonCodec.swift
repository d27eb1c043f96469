import DanCuCore
import Foundation

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

    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
