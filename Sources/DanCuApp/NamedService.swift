import ServiceLifecycle

/// A service the group knows by its type's name. ServiceLifecycle names each service it is given with
/// `"\(service)"`; for a struct without a description that walks every stored property by reflection,
/// down through the gate and the register to the reference data's ten thousand wards: seconds of CPU at
/// every start of the server (measured: 6 s from launch to ready, most of it printing).
protocol NamedService: Service, CustomStringConvertible {}

extension NamedService {
    public var description: String { String(describing: Self.self) }
}
