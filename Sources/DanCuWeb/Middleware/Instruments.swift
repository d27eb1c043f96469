import Prometheus
import Synchronization

/// Prometheus instruments made once per label set and then reused: making one takes the registry's
/// lock and re-checks names and help texts, which is too dear to do on every request.
final class Instruments<Key: Hashable & Sendable, Instrument: Sendable>: Sendable {
    private let made = Mutex<[Key: Instrument]>([:])
    private let make: @Sendable (Key) -> Instrument

    init(_ make: @escaping @Sendable (Key) -> Instrument) { self.make = make }

    func callAsFunction(_ key: Key) -> Instrument {
        made.withLock { made in
            if let found = made[key] { return found }
            let instrument = make(key)
            made[key] = instrument
            return instrument
        }
    }
}
