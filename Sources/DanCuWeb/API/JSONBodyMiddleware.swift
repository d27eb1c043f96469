import DanCuCore
import Foundation
import HTTPTypes
import OpenAPIRuntime

/// What every JSON body of the generated API must be before its handler decodes it, as the hand-written
/// routes had it: at most 1 MiB (413), or 32 MiB for an application and a supplement's answer, which
/// carry their files (a procedure takes files of up to 10 MiB, a third larger in base64); sent as JSON
/// (415); and JSON as RFC 8259 has it (the decoder's leniency, a trailing comma, is refused naming the byte).
struct JSONBodyMiddleware: ServerMiddleware {
    static let limit = 1 << 20
    static let withFiles = 32 << 20
    static let operationsWithFiles: Set<String> = ["submitApplication", "answerSupplement"]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    )
        async throws -> (HTTPResponse, HTTPBody?)
    {
        guard let body else { return try await next(request, nil, metadata) }
        let data: Data
        let limit = Self.operationsWithFiles.contains(operationID) ? Self.withFiles : Self.limit
        do { data = try await Data(collecting: body, upTo: limit) } catch {
            throw Problem(.contentTooLarge, "too-large", "Body too large", detail: "the body is larger than \(limit >> 20) MiB")
        }
        // No body at all is the generated code's to judge: an operation that needs one refuses it.
        guard !data.isEmpty else { return try await next(request, nil, metadata) }
        guard Handling.isJSON(request.headerFields[.contentType]) else {
            throw Problem(
                .unsupportedMediaType, "unsupported-media-type", "Send JSON", detail: "Content-Type: send application/json",
                errors: [.init(field: "Content-Type", rule: "mediaType", detail: "send application/json")])
        }
        if let offset = StrictJSON.trailingComma(in: data) {
            throw Problem.badField("body", "is not valid JSON: a comma before a closing bracket at byte \(offset)", rule: "json")
        }
        return try await next(request, HTTPBody(data), metadata)
    }
}
