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
        return AccessRequest(officer: officer, purpose: text.flatMap(Purpose.init(rawValue:)), requestId: context.requestId,
                             unknownPurpose: text)
    }

    /// The text without the spaces and tabs HTTP allows around a field value (RFC 9110 §5.5).
    static func trimmedSpaces(_ text: String) -> String {
        let blank = { (c: Character) in c == " " || c == "\t" }
        guard text.first.map(blank) == true || text.last.map(blank) == true else { return text }
        return String(text.drop(while: blank).reversed().drop(while: blank).reversed())
    }

    static let purposeHeader = HTTPField.Name(Purpose.header)!
    static let idempotencyHeader = HTTPField.Name("Idempotency-Key")!

    static func personalNumber(_ context: AppContext, _ name: String = "number") throws -> PersonalNumber {
        let text = context.parameters.get(name) ?? ""
        do { return try PersonalNumber(text) } catch {
            throw Problem.badField(name, error.description, rule: "personalNumber")
        }
    }

    static func pathText(_ context: AppContext, _ name: String, maxLength: Int = 64) throws -> String {
        guard let text = context.parameters.get(name), !text.isEmpty, text.count <= maxLength else {
            throw Problem.badField(name, "is required, at most \(maxLength) characters", rule: "required")
        }
        return text
    }

    static func query(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters[name[...]].map(String.init)
    }

    static func queryInt(_ request: Request, _ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = query(request, name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw Problem.badField(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound)", rule: "range")
        }
        return value
    }

    static func queryDate(_ request: Request, _ name: String) throws -> LocalDate? {
        guard let text = query(request, name) else { return nil }
        do { return try LocalDate(iso: text) } catch { throw Problem.badField(name, error.description, rule: "date") }
    }

    /// The request's JSON body, at most `maxUploadSize` bytes, required, sent as `application/json`.
    static func bodyData(_ request: Request, _ context: AppContext) async throws -> Data {
        guard isJSON(request.headers[.contentType]) else {
            throw Problem(.unsupportedMediaType, "unsupported-media-type", "Send JSON", detail: "Content-Type: send application/json",
                          errors: [.init(field: "Content-Type", rule: "mediaType", detail: "send application/json")])
        }
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { throw Problem.badField("body", "a JSON body is required", rule: "required") }
        return Data(buffer: buffer)
    }

    /// `application/json` or a `+json` type, with any parameters (`; charset=utf-8`).
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let type = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    /// Decodes a JSON body; a decoding failure names the member at fault. JSON as RFC 8259 has it: the
    /// decoder's leniency (a trailing comma) is refused first.
    static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        if let offset = StrictJSON.trailingComma(in: data) {
            throw Problem.badField("body", "is not valid JSON: a comma before a closing bracket at byte \(offset)", rule: "json")
        }
        return try JSONDecoder().decode(T.self, from: data)
    }

    static func body<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppContext) async throws -> T {
        try decode(T.self, try await bodyData(request, context))
    }

    /// `If-Match: "7"` (or W/"7", or 7) as a version; nil when absent.
    static func ifMatch(_ request: Request) throws -> Int? {
        guard let text = request.headers[.ifMatch] else { return nil }
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("W/") { t.removeFirst(2) }
        t = t.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(t), version > 0 else {
            throw Problem.badField("If-Match", "give the record's version as the ETag showed it, like \"3\"", rule: "etag")
        }
        return version
    }

    /// The `Idempotency-Key` of a creating write, tied to a fingerprint of the request it came with.
    static func idempotency(_ request: Request, body: Data) throws -> Idempotency? {
        guard let key = request.headers[idempotencyHeader] else { return nil }
        return try Idempotency(key: key, fingerprint: request.method.rawValue + " " + request.uri.path + " " + Secrets.tokenHash(String(decoding: body, as: UTF8.self)))
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

    /// `{"person":{…},"version":N}` with the version as ETag; the record is written by the register's
    /// own fast JSON writer.
    static func person(_ versioned: VersionedPerson) -> Response {
        person(json: PersonCodec.encode(versioned.person), number: versioned.person.personalNumber, version: versioned.version)
    }

    static func person(_ stored: StoredPerson) -> Response {
        person(json: stored.json, number: stored.personalNumber, version: stored.version)
    }

    static func person(json record: String, number: PersonalNumber, version: Int, status: HTTPResponse.Status = .ok,
                       location: Bool = false) -> Response {
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
