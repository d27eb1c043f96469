public import DanCuAccess
public import DanCuExchange
import HTTPTypes
public import Hummingbird
import NIOCore

/// What one request carries between middleware and handlers: its id and, once authenticated, the officer.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestId: String = ""
    public var officer: Officer?
    /// The member system whose signed request the exchange gateway accepted (`/x/v1`).
    public var member: MemberCaller?
    /// The `Content-Digest` a member's streamed content must match (a batch's lines), checked as it is read.
    public var promisedDigest: ContentDigest.Expectation?
    let channel: (any Channel)?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        channel = source.channel
    }

    /// Request bodies are small JSON documents; anything larger is refused with 413.
    public var maxUploadSize: Int { 1 << 20 }
}
