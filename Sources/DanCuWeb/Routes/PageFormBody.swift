import Foundation
import HTTPTypes
import Hummingbird
import MultipartKit
import NIOCore
import NIOFoundationEssentialsCompat

/// A page's form as the browser sends it: `multipart/form-data` (RFC 7578) when it carries files,
/// parsed with MultipartKit, else `application/x-www-form-urlencoded`. Text fields by name; files by
/// their field's name. A file input left empty (a part with an empty file name and no bytes) is no file.
struct PageFormBody {
    struct File {
        let fileName: String?
        let content: [UInt8]
    }

    var fields: [String: String] = [:]
    var files: [String: File] = [:]

    enum Failure: Error {
        /// The body is larger than the limit.
        case tooLarge
        /// Not a form this parser reads.
        case malformed
    }

    /// The request's form, at most `limit` bytes.
    static func read(_ request: Request, limit: Int) async throws(Failure) -> PageFormBody {
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: limit) } catch { throw .tooLarge }
        let type = request.headers[.contentType] ?? ""
        if type.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = parameter("boundary", of: type), !boundary.isEmpty, boundary.count <= 70 else { throw .malformed }
            return try multipart(buffer, boundary: boundary)
        }
        do { return PageFormBody(fields: try FormBody.parse(Data(buffer: buffer))) } catch { throw .malformed }
    }

    static func multipart(_ buffer: ByteBuffer, boundary: String) throws(Failure) -> PageFormBody {
        let parser = MultipartParser(boundary: boundary)
        var form = PageFormBody()
        var headers: [(String, String)] = []
        var body = ByteBuffer()
        var repeated = false
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { chunk in body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            defer {
                headers = []
                body = ByteBuffer()
            }
            guard let disposition = headers.first(where: { $0.0.lowercased() == "content-disposition" })?.1,
                let name = parameter("name", of: disposition)
            else { return }
            let bytes = Array(body.readableBytesView)
            if let fileName = parameter("filename", of: disposition) {
                guard !(fileName.isEmpty && bytes.isEmpty) else { return }
                repeated = repeated || form.files[name] != nil
                form.files[name] = File(fileName: fileName.isEmpty ? nil : fileName, content: bytes)
            } else {
                repeated = repeated || form.fields[name] != nil
                form.fields[name] = String(decoding: bytes, as: UTF8.self)
            }
        }
        do { try parser.execute(buffer) } catch { throw .malformed }
        guard !repeated else { throw .malformed }
        return form
    }

    /// A parameter of a header value such as `form-data; name="a"; filename="b.pdf"`, unquoted.
    /// Browsers send file names raw in UTF-8 between the quotes (RFC 7578 §4.2), with `"` as `%22`.
    static func parameter(_ key: String, of header: String) -> String? {
        var rest = Substring(header)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...]
            let pair = rest.drop(while: { $0 == " " || $0 == "\t" })
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = pair[..<equals].trimmingCharacters(in: .whitespaces)
            var value = pair[pair.index(after: equals)...]
            if value.first == "\"" {
                value = value.dropFirst()
                guard let close = value.firstIndex(of: "\"") else { return nil }
                if name.lowercased() == key { return String(value[..<close]).replacingOccurrences(of: "%22", with: "\"") }
                rest = value[value.index(after: close)...]
            } else {
                let end = value.firstIndex(of: ";") ?? value.endIndex
                if name.lowercased() == key { return value[..<end].trimmingCharacters(in: .whitespaces) }
                rest = value[end...]
            }
        }
        return nil
    }
}
