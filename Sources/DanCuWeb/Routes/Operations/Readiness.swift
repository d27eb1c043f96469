import Synchronization

/// Whether this server should be sent new requests. It stops being ready when it is told to stop
/// (SIGTERM), some seconds before it stops accepting connections, so that a load balancer polling
/// `/health/ready` takes it out of rotation while it still answers everything sent meanwhile.
public final class Readiness: Sendable {
    private let draining = Mutex(false)

    public init() {}

    public var isDraining: Bool { draining.withLock { $0 } }

    /// From now on `/health/ready` answers 503; requests are still served.
    public func startDraining() { draining.withLock { $0 = true } }
}
