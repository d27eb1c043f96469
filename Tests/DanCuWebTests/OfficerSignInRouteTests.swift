import DanCuAccess
import DanCuTestSupport
import DanCuWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The officer's sign-in over HTTP with a second factor: the answer names the `totp` field.
@Suite struct OfficerSignInRouteTests {
    @Test func anOfficerWithAnAuthenticatorSignsInWithItsCode() async throws {
        try await WebHarness.with { h, client in
            let url = try await h.services.accounts.enrolTOTP("central")
            let totp = TOTP(secret: try AuthenticatorApp.secret(of: url))
            func login(_ code: String?) async throws -> TestResponse {
                let extra = code.map { #","totp":"\#($0)""# } ?? ""
                return try await client.execute(
                    uri: "/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"username":"central","password":"\#(GateFixture.password)"\#(extra)}"#))
            }
            let missing = try await login(nil)
            #expect(missing.status == .unauthorized && missing.isProblem && missing.problemFields == ["totp"])
            // The token from before the enrolment no longer works.
            let old = try await client.execute(uri: "/v1/auth/me", method: .get, headers: h.headers("central"))
            #expect(old.status == .unauthorized)
            let signedIn = try await login(totp.code(at: Int64(Date().timeIntervalSince1970)))
            #expect(signedIn.status == .created, "\(signedIn.text)")
            #expect(signedIn.json["token"] as? String != nil)
        }
    }
}
