import DanCuAPI
import DanCuAccess
import DanCuCard
import DanCuCore
import DanCuEID
import DanCuRegister
import DanCuStore
import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import OpenAPIHummingbird
import OpenAPIRuntime

/// DanCu's router: every route, over the services the composition root (`DanCuApp.Platform`) wired.
public enum WebApplication {
    public static func router(_ services: Services) throws -> Router<AppContext> {
        let router = Router(context: AppContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestIdMiddleware())
        router.add(middleware: MetricsMiddleware(metrics: services.metrics))
        router.add(middleware: ProblemMiddleware())
        let renderer = try PageRenderer()
        OperationsRoutes.add(
            to: router, services, openAPI: try APIDocument.json(), stylesheet: try PageRenderer.stylesheet(),
            transparencyScript: try PageRenderer.transparencyScript())
        // The operations of openapi.yaml that are generated (DanCuAPI): officers' bearer tokens under /v1/,
        // then the operation context for the handlers, then the JSON body rules.
        let generated = router.group()
            .add(
                middleware: OfficerAuthMiddleware(
                    accounts: services.accounts, guardedPrefix: "/v1/", open: ["/v1/auth/login", "/v1/procedures", "/v1/procedures/{code}"])
            )
            .add(middleware: OperationContextMiddleware())
        try APIHandlers(services).registerHandlers(
            on: generated, configuration: .init(dateTranscoder: AnswerDates(), jsonEncodingOptions: [.sortedKeys]),
            middlewares: [HeaderTextMiddleware(), PathNumberMiddleware(), JSONBodyMiddleware()])
        let v1 = router.group("/v1").add(middleware: OfficerAuthMiddleware(accounts: services.accounts))
        PersonReadRoutes.add(to: v1, services)
        ExchangeAdministrationRoutes.add(to: v1, services)
        MemberAdministrationRoutes.add(to: v1, services)
        ExchangeRoutes.add(to: router, services)
        TransparencyRoutes.add(to: router, services)
        OIDCRoutes.add(to: router, services, pages: SignInPages(renderer: renderer))
        MePageRoutes.add(to: router, services, pages: MePages(renderer: renderer))
        ServicePageRoutes.add(to: router, services, pages: ServicePages(renderer: renderer), me: MePages(renderer: renderer))
        DeskPageRoutes.add(to: router, services, pages: DeskPages(renderer: renderer))
        DuplicatePageRoutes.add(to: router, services, pages: DuplicatePages(renderer: renderer), desk: DeskPages(renderer: renderer))
        DocumentRoutes.add(to: router, services)
        // Last, so that it sits next to the routes, inside the problem and metrics middleware.
        router.add(middleware: MethodMiddleware(routes: router.routes.map { ("\($0.path)", $0.method.rawValue) }))
        return router
    }
}
