import DanCuAPI
import DanCuAccess
import HTTPTypes

/// Officers sign in (password, and a TOTP code where their role or enrolment needs one), see who they
/// are signed in as, and sign out.
struct AuthController: Sendable {
    let accounts: OfficerAccounts

    func logIn(_ input: Operations.LogIn.Input) async throws -> Operations.LogIn.Output {
        guard case .json(let login) = input.body else { throw Problem.badField("body", "send JSON", rule: "mediaType") }
        let session = try await accounts.login(
            username: login.username, password: login.password, totp: login.totp,
            source: try OperationContext.required().clientAddress)
        return .created(.init(body: .json(session)))
    }

    func logOut(_ input: Operations.LogOut.Input) async throws -> Operations.LogOut.Output {
        if let token = OfficerAuthMiddleware.bearer(try OperationContext.required().head.headerFields) {
            try await accounts.logout(token: token)
        }
        return .noContent(.init())
    }

    func currentOfficer(_ input: Operations.CurrentOfficer.Input) async throws -> Operations.CurrentOfficer.Output {
        guard let officer = try OperationContext.required().officer else { throw AccessError.unauthenticated("log in first") }
        return .ok(.init(body: .json(officer)))
    }
}
