import DanCuServices
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An application's file as it leaves DanCu, to a browser or a member system: its own type, a name to
/// save it under, never sniffed, never rendered in DanCu's origin.
enum AttachmentDownload {
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!

    static func response(_ file: AttachmentContent) -> Response {
        var headers: HTTPFields = [.contentType: file.attachment.mediaType, .cacheControl: "no-store"]
        headers[.contentDisposition] = disposition(file.attachment)
        headers[contentTypeOptions] = "nosniff"
        headers[PageRenderer.contentSecurityPolicy] = "default-src 'none'; sandbox"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.content)))
    }

    /// `attachment; filename*=UTF-8''…` (RFC 6266, RFC 8187), with an ASCII `filename` for old clients.
    static func disposition(_ kept: KeptAttachment) -> String {
        let name = kept.fileName ?? kept.code
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0.value >= 32 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "!#$&+-.^_`|~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? kept.code
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
