import DanCuTransparency
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The public transparency log (C2SP tlog-tiles, issue 16): open to anyone, naming no one. Tiles and
/// entry bundles never change once served (a partial tile of width W is always the same W hashes), so
/// they are cacheable for a year and a CDN or a file server can serve them; the checkpoint changes
/// every second while entries arrive.
enum TransparencyRoutes {
    static let immutable = "public, max-age=31536000, immutable"

    static func add(to router: Router<AppContext>, _ services: Services) {
        let group = router.group("/transparency")
        group.get("/checkpoint") { _, _ in
            let log = try available(services)
            return text(try await log.checkpoint(), cache: "public, max-age=1")
        }
        group.get("/vkey") { _, _ in
            let log = try available(services)
            return text(log.checkpoints.verifier.vkey + "\n", cache: "public, max-age=300")
        }
        group.get("/tile/**") { request, _ in
            let log = try available(services)
            let path = "tile/" + request.uri.path.dropFirst("/transparency/tile/".count)
            guard let address = TileAddress(path: path) else {
                throw Problem(.notFound, "not-found", "No such tile", detail: "tile paths are tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>]")
            }
            guard let bytes = try await log.resource(address) else {
                throw Problem(.notFound, "not-found", "No such tile", detail: "the log does not hold \(address.path) yet")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/octet-stream", .cacheControl: immutable],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        group.get("/proof/inclusion") { request, _ in
            let log = try available(services)
            let (index, size) = (try number(request, "index"), try number(request, "size"))
            return try proof(try await log.inclusionProof(index: index, size: size))
        }
        group.get("/proof/consistency") { request, _ in
            let log = try available(services)
            let (from, to) = (try number(request, "from"), try number(request, "to"))
            return try proof(try await log.consistencyProof(from: from, to: to))
        }
        group.post("/cosignature") { request, _ in
            let log = try available(services)
            let body = try await request.body.collect(upTo: 64 * 1024)
            let note = String(decoding: body.readableBytesView, as: UTF8.self)
            switch try await log.cosign(note) {
            case .success: return Response(status: .noContent)
            case .failure(.notANote): throw Problem.badField("body", "send one of the log's checkpoints as a signed note", rule: "checkpoint")
            case .failure(.notSigned):
                throw Problem(.forbidden, "not-a-witness", "Not a witness of this log", detail: "no signature of a witness this log keeps verifies")
            case .failure(.unknownCheckpoint):
                throw Problem(.unprocessableContent, "unknown-checkpoint", "Not a checkpoint of this log", detail: "the log never signed that size and root")
            }
        }
    }

    static func available(_ services: Services) throws -> PublicLog {
        guard let log = services.transparency else {
            throw Problem(.serviceUnavailable, "unavailable", "The transparency log is not set up", detail: "this installation signs no checkpoints")
        }
        return log
    }

    static func number(_ request: Request, _ name: String) throws -> Int64 {
        guard let text = Handling.query(request, name) else { throw Problem.badField(name, "give a whole number", rule: "required") }
        guard let value = Int64(text), value >= 0 else { throw Problem.badField(name, "'\(text)' is not a whole number from 0", rule: "integer") }
        return value
    }

    static func proof(_ result: Result<[[UInt8]], PublicLog.ProofRefusal>) throws -> Response {
        switch result {
        case .success(let hashes):
            return Handling.json(#"{"hashes":[\#(hashes.map { "\"\(Data($0).base64EncodedString())\"" }.joined(separator: ","))]}"#)
        case .failure(.outOfRange(let parameter, let detail)): throw Problem.badField(parameter, detail, rule: "range")
        case .failure(.beyondTree(let parameter, let size)): throw Problem.badField(parameter, "the log holds \(size) entries", rule: "range")
        }
    }

    static func text(_ body: String, cache: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: cache],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
