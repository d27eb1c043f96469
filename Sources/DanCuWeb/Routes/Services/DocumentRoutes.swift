import DanCuServices
import Hummingbird

/// What a verifier of DanCu's documents needs, with no sign-in: the keys that seal them.
enum DocumentRoutes {
    static func add(to router: Router<AppContext>, _ services: Services) {
        router.get("/documents/signers") { _, _ in
            guard let signers = services.publicServices?.documentSigners else {
                throw Problem(.serviceUnavailable, "unavailable", "No document signers", detail: "this installation has no card keys and seals no documents")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: signers)))
        }
    }
}
