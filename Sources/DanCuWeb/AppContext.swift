import DanCuAccess
import HTTPTypes
import Hummingbird

/// What one request carries between middleware and handlers: its id and, once authenticated, the officer.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestId: String = ""
    public var officer: Officer?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }

    /// Request bodies are small JSON documents; anything larger is refused with 413.
    public var maxUploadSize: Int { 1 << 20 }
}
