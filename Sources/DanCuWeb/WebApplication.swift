import DanCuAPI
import DanCuAccess
import DanCuEID
import DanCuCard
import DanCuCore
import DanCuRegister
import DanCuStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OpenAPIRuntime
import OpenAPIHummingbird

/// Builds DanCu's HTTP application: the router with every route, and the server around it.
public enum WebApplication {
    /// Every service the routes need, over `store`, instrumented for `/metrics`.
    /// The access log goes to `logStore` (see `Gate`), nil keeping it in `store`; on SQLite its subject
    /// index goes to `logIndexStore`, nil keeping it beside the log. With `cardKeys` holding a
    /// CSCA, the card office and the verification service are open; without, their routes answer 503.
    public static func services(store: any Store, logStore: (any Store)? = nil, logIndexStore: (any Store)? = nil,
                                hasher: PasswordHasher = PasswordHasher(),
                                reference: ReferenceData = .bundled, cardKeys: CardKeyStore? = nil,
                                issuer: String = "http://127.0.0.1:8080", clock: CivilClock = .system,
                                officerPolicy: OfficerAccounts.Policy = .init()) throws -> Services {
        let metrics = WebMetrics()
        let measured = InstrumentedStore(base: store, metrics: metrics)
        var register = Register(store: measured, reference: reference, clock: clock)
        let hasCards = cardKeys?.hasCSCA == true
        if hasCards {
            // A death revokes the cards and locks the eID in the transaction that records it.
            register = register.followed(by: DeathRevokesCards()).followed(by: DeathLocksEID())
        }
        let instrumented = { (store: any Store) -> any Store in InstrumentedStore(base: store, metrics: metrics) }
        let gate = Gate(register: register, logStore: logStore.map(instrumented), logIndexStore: logIndexStore.map(instrumented))
        var cards: Cards?, eid: EIDService?, oidc: OIDCProvider?
        if let cardKeys, hasCards {
            let office = CardOffice(store: measured, reference: reference, keys: cardKeys, clock: clock)
            cards = Cards(gate: gate, office: office, verifier: try CardVerifier(office: office))
            eid = EIDService(store: measured, cards: office, gate: gate, hasher: hasher)
            oidc = OIDCProvider(issuer: issuer, store: measured, cardKeys: cardKeys, gate: gate)
        }
        return Services(gate: gate, accounts: OfficerAccounts(store: measured, hasher: hasher, policy: officerPolicy, units: reference.units,
                                                                  clock: clock, vault: cardKeys?.vault(purpose: "officer secrets")),
                        metrics: metrics, reference: reference, health: DatabaseHealth(measured), cards: cards, eid: eid, oidc: oidc)
    }

    public static func router(_ services: Services) throws -> Router<AppContext> {
        let router = Router(context: AppContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestIdMiddleware())
        router.add(middleware: MetricsMiddleware(metrics: services.metrics))
        router.add(middleware: ProblemMiddleware())
        OperationsRoutes.add(to: router, services, openAPI: try APIDocument.json())
        // The operations of openapi.yaml that are generated (DanCuAPI): officers' bearer tokens under /v1/,
        // then the operation context for the handlers, then the JSON body rules.
        let generated = router.group()
            .add(middleware: OfficerAuthMiddleware(accounts: services.accounts, guardedPrefix: "/v1/", open: ["/v1/auth/login"]))
            .add(middleware: OperationContextMiddleware())
        try APIHandlers(services).registerHandlers(on: generated, configuration: .init(dateTranscoder: .iso8601WithFractionalSeconds, jsonEncodingOptions: [.sortedKeys]),
                                                   middlewares: [HeaderTextMiddleware(), PathNumberMiddleware(), JSONBodyMiddleware()])
        let v1 = router.group("/v1").add(middleware: OfficerAuthMiddleware(accounts: services.accounts))
        PersonReadRoutes.add(to: v1, services)
        OIDCRoutes.add(to: router, services)
        MePageRoutes.add(to: router, services)
        // Last, so that it sits next to the routes, inside the problem and metrics middleware.
        router.add(middleware: MethodMiddleware(routes: router.routes.map { ("\($0.path)", $0.method.rawValue) }))
        return router
    }

    public static func application(_ services: Services, host: String, port: Int,
                                   logger: Logger) throws -> some ApplicationProtocol {
        Application(router: try router(services), configuration: .init(address: .hostname(host, port: port), serverName: "DanCu"),
                    logger: logger)
    }
}
