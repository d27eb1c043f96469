import DanCuAccess
import DanCuCore
import DanCuExchange
import Foundation
import HTTPTypes
import Hummingbird

/// The administrator's view of the exchange: traffic per member, subsystem and service for a civil day,
/// and the deliveries waiting. Organisations only, no one's data; each look is logged as administration.
enum ExchangeAdministrationRoutes {
    static func add(to v1: RouterGroup<AppContext>, _ services: Services) {
        v1.get("/exchange/traffic") { request, context in
            guard let gateway = services.exchange else { throw ExchangeRefusal.unavailable }
            let access = try Handling.accessRequest(request, context)
            let day = try Handling.queryDate(request, "day") ?? gateway.clock.today()
            try await services.gate.administer("read-exchange-traffic", target: day.description, for: access)
            let bounds = ExchangeTraffic.bounds(of: day)
            let rows = try await gateway.traffic.rows(from: bounds.from, to: bounds.to)
            let backlog = try await gateway.deliverer.backlog()
            return try Handling.json(
                TrafficJSON(
                    day: day.description,
                    items: rows.map {
                        .init(
                            member: $0.member, subsystem: $0.subsystem, service: $0.service, requests: $0.requests, refused: $0.refused,
                            meanMilliseconds: Double($0.meanMicros) / 1000, slowestMilliseconds: Double($0.slowestMicros) / 1000)
                    }, deliveries: .init(pending: backlog.pending, dead: backlog.dead)))
        }
    }
}

struct TrafficJSON: Encodable {
    struct Item: Encodable {
        let member: String, subsystem: String, service: String
        let requests: Int, refused: Int
        let meanMilliseconds: Double, slowestMilliseconds: Double
    }
    struct Deliveries: Encodable { let pending: Int, dead: Int }
    let day: String
    let items: [Item]
    let deliveries: Deliveries
}
