import ArgumentParser
import DanCuAccess
import DanCuApp
import DanCuCard
import DanCuCore
import DanCuEID
// The bench measures the register's raw reads as the reference the gate's cost is judged against.
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuWeb
import Foundation

/// Authorization-code exchanges per second, for bench/oidc.sh.
struct OIDC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oidc", abstract: "Measure code exchanges (client authentication, PKCE, tokens, an ES256 ID token, the access-log entry).")
    @Option var database: String
    @Option(name: .customLong("data-dir")) var dataDirectory: String
    @Option var codes: Int = 3_000
    @Option var concurrency: Int = 8
    @Option var rounds: Int = 3

    static let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

    func run() async throws {
        // Wired as `dancu serve` wires it: the access log in its own file beside the register.
        let platform = try await Platform.open(AppConfiguration(database: database, dataDirectory: dataDirectory, bcryptCost: 4))
        guard let cards = platform.services.cards?.office, let eid = platform.services.eid, let provider = platform.services.oidc else {
            throw ValidationError("no CSCA in \(dataDirectory)")
        }
        let register = platform.register
        let gate = platform.gate
        let account = try await holder(register: register, gate: gate, cards: cards, eid: eid)

        let secret = "bench-client-secret-" + UUID().uuidString
        let clientId = "bench-" + UUID().uuidString.prefix(8).lowercased()
        try await provider.clients.register(
            RelyingParty(
                clientId: clientId, name: "Bench", redirectURIs: ["https://bench.example/cb"],
                allowedScopes: [.openid, .profile], purposes: ["public-service"], legalBasis: "bench",
                authentication: .clientSecretBasic), secret: secret)
        let credentials = ClientCredentials.secret(clientId: clientId, secret: secret)
        let parameters = [
            "response_type": "code", "client_id": clientId, "redirect_uri": "https://bench.example/cb", "scope": "openid profile",
            "nonce": "n", "state": "s", "code_challenge": PKCE.challengeOf(Self.verifier), "code_challenge_method": "S256",
        ]
        _ = try await provider.jwks()
        var results: [Double] = []
        for round in 1...rounds {
            var made: [String] = []
            for _ in 0..<codes {
                let pushed = try await provider.push(parameters, credentials: credentials)
                let location = try await provider.approve(
                    requestURI: pushed.requestURI, clientId: clientId, account: account, authTime: 0, amr: ["pwd"], requestId: "bench")
                if let code = URLComponents(string: location)?.queryItems?.first(where: { $0.name == "code" })?.value { made.append(code) }
            }
            let started = Date()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<concurrency {
                    let mine = stride(from: worker, to: made.count, by: concurrency).map { made[$0] }
                    group.addTask {
                        for code in mine {
                            let tokens = try await provider.exchange(
                                code: code, redirectURI: "https://bench.example/cb", verifier: Self.verifier,
                                credentials: credentials, requestId: "bench")
                            guard tokens.idToken != nil else { throw ValidationError("no ID token") }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let rate = Double(made.count) / Date().timeIntervalSince(started)
            results.append(rate)
            print(String(format: "round %d: %d code exchanges, %.0f/s", round, made.count, rate))
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let median = percentile(results, 0.5)
        print(
            String(
                format: "median of %d rounds on %d cores: %.0f code exchanges/s, %.0f per core (target 1,500 per core); "
                    + "Keycloak's published sizing: 15 password logins/s per vCPU", rounds, cores, median, median / Double(cores)))
        await platform.close()
    }

    func holder(register: Register, gate: Gate, cards: CardOffice, eid: EIDService) async throws -> EIDAccount {
        try await Self.holder(register: register, gate: gate, cards: cards, eid: eid, database: database)
    }

    /// An adult of the register with an active card and a level-2 account.
    static func holder(register: Register, gate: Gate, cards: CardOffice, eid: EIDService, database: String) async throws -> EIDAccount {
        let numbers = try await register.store.read { db in
            try db.query(
                """
                SELECT personal_number FROM persons WHERE vital_status = 'alive' AND birth_year <= 2000
                AND personal_number NOT IN (SELECT subject FROM eid_accounts) ORDER BY personal_number LIMIT 50
                """
            ).map { try PersonalNumber(try $0.string("personal_number")) }
        }
        for number in numbers {
            do {
                _ = try await cards.issueFirstCard(to: number, face: try SyntheticFace.jpeg(), grant: try await BenchGrants.cardIssue(gate, number))
                return try await gate.eidAccountWork(.register, of: number, for: BenchGrants.request(.citizenRequest)) { grant in
                    try await eid.registerInPerson(
                        number, level: .level2, contact: try Contact(phone: "0900000002", email: nil),
                        password: "bench password long enough", grant: grant)
                }
            } catch CardError.invalid { continue } catch CardError.conflict { continue }
        }
        throw ValidationError("no eligible adult in \(database)")
    }
}
