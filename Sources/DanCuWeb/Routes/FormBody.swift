import DanCuEID
import Foundation
import HTTPTypes
import Hummingbird
import NIOFoundationEssentialsCompat

/// `application/x-www-form-urlencoded` bodies and HTTP Basic credentials, as OAuth endpoints take them.
enum FormBody {
    /// The form's fields; a field given twice is refused (RFC 6749 §3.1: parameters must not repeat).
    static func parse(_ data: Data) throws -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: data, as: UTF8.self).split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else {
                throw OAuthFailure(.invalidRequest, "the form is not valid application/x-www-form-urlencoded")
            }
            guard fields[name] == nil else { throw OAuthFailure(.invalidRequest, "\(name.prefix(40)) is given twice") }
            fields[name] = value
        }
        return fields
    }

    static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    static func body(_ request: Request, _ context: AppContext) async throws -> [String: String] {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 * 1024)
        return try parse(Data(buffer: buffer))
    }

    /// `Authorization: Basic base64(client_id:secret)`, with both parts form-encoded (RFC 6749 §2.3.1).
    static func basic(_ request: Request) -> (String, String)? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
            let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces))
        else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { return nil }
        guard let id = decode(text[..<colon]), let secret = decode(text[text.index(after: colon)...]) else { return nil }
        return (id, secret)
    }
}
