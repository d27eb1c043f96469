import DanCuAccess
import DanCuCore
import DanCuRegister
import Foundation
import HTTPTypes
import Hummingbird

/// What handlers share: reading a request's parts, each refusal naming the part at fault, and writing
/// JSON answers.
enum Handling {
    static let jsonType = "application/json"

    /// The officer, purpose and request id for the gate. A missing or unknown purpose is passed on, so
    /// that the gate refuses it, naming the header, and logs the refusal like any other.
    static func accessRequest(_ request: Request, _ context: AppContext) throws -> AccessRequest {
        guard let officer = context.officer else { throw AccessError.unauthenticated("log in first: Authorization: Bearer TOKEN") }
        let text = request.headers[purposeHeader].map(trimmedSpaces)
        return AccessRequest(
            officer: officer, purpose: text.flatMap(Purpose.init(rawValue:)), requestId: context.requestId,
            unknownPurpose: text)
    }

    /// The text without the spaces and tabs HTTP allows around a field value (RFC 9110 §5.5).
    static func trimmedSpaces(_ text: String) -> String {
        let blank = { (c: Character) in c == " " || c == "\t" }
        guard text.first.map(blank) == true || text.last.map(blank) == true else { return text }
        return String(text.drop(while: blank).reversed().drop(while: blank).reversed())
    }

    static let purposeHeader = HTTPField.Name(Purpose.header)!

    static func personalNumber(_ context: AppContext, _ name: String = "number") throws -> PersonalNumber {
        let text = context.parameters.get(name) ?? ""
        do { return try PersonalNumber(text) } catch {
            throw Problem.badField(name, error.description, rule: "personalNumber")
        }
    }

    static func query(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters[name[...]].map(String.init)
    }

    static func queryDate(_ request: Request, _ name: String) throws -> LocalDate? {
        guard let text = query(request, name) else { return nil }
        do { return try LocalDate(iso: text) } catch { throw Problem.badField(name, error.description, rule: "date") }
    }

    /// `application/json` or a `+json` type, with any parameters (`; charset=utf-8`). Media types are
    /// ASCII and compared without case (RFC 9110 §8.3.1), with optional white space around the type;
    /// worked on the bytes, as every request with a body asks it.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        var type = contentType.utf8[...]
        if let semicolon = type.firstIndex(of: UInt8(ascii: ";")) { type = type[..<semicolon] }
        let blank = { (b: UInt8) in b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") }
        while let first = type.first, blank(first) { type = type.dropFirst() }
        while let last = type.last, blank(last) { type = type.dropLast() }
        func lower(_ b: UInt8) -> UInt8 { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b }
        func starts(_ bytes: Substring.UTF8View, with text: String) -> Bool {
            bytes.count >= text.utf8.count && zip(bytes, text.utf8).allSatisfy { lower($0) == $1 }
        }
        func ends(_ bytes: Substring.UTF8View, with text: String) -> Bool { starts(bytes.suffix(text.utf8.count), with: text) }
        let json = "application/json"
        return (type.count == json.utf8.count && starts(type, with: json))
            || (starts(type, with: "application/") && ends(type, with: "+json"))
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = jsonType
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        var fields = headers
        fields[.contentType] = jsonType
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func person(_ stored: StoredPerson) -> Response {
        person(json: stored.json, number: stored.personalNumber, version: stored.version)
    }

    static func person(
        json record: String, number: PersonalNumber, version: Int, status: HTTPResponse.Status = .ok,
        location: Bool = false
    ) -> Response {
        var headers: HTTPFields = [.eTag: "\"\(version)\"", .contentType: jsonType]
        if location { headers[.location] = "/v1/persons/\(number.rawValue)" }
        // Written straight into the answer's buffer: the record is most of it, and is copied once.
        var body = ByteBuffer()
        body.reserveCapacity(record.utf8.count + 32)
        body.writeStaticString(#"{"person":"#)
        body.writeString(record)
        body.writeString(#","version":\#(version)}"#)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
