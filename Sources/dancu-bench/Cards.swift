import ArgumentParser
import Crypto
import DanCuAccess
import DanCuApp
import DanCuCard
import DanCuCore
// The bench measures the register's raw reads as the reference the gate's cost is judged against.
@_spi(Gate) import DanCuRegister
import DanCuStore
import DanCuWeb
import Foundation
import Synchronization

/// Card verifications per second, signatures included, for bench/cards.sh.
struct Cards: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Produce cards for people of an existing register, then measure verifications per second.")
    @Option var database: String
    @Option(name: .customLong("data-dir"), help: "The data directory with the card keys.") var dataDirectory: String
    @Option var cards: Int = 300
    @Option var seconds: Double = 5
    @Option var concurrency: Int = 8
    @Option var rounds: Int = 3

    func run() async throws {
        // Wired as `dancu serve` wires it: the access log in its own file beside the register.
        let platform = try await Platform.open(AppConfiguration(database: database, dataDirectory: dataDirectory))
        guard let cardDesk = platform.services.cards else { throw ValidationError("no CSCA in \(dataDirectory)") }
        let register = platform.register
        let gate = platform.gate
        let office = cardDesk.office
        let verifier = cardDesk.verifier

        let requests = try await makeCards(office, gate: gate, register: register)
        print(
            "cards: \(requests.count) active cards with DG1, DG2 (face), DG13, DG14, DG15; each verification checks the DS chain, "
                + "the SOD signature, every hash, active authentication, the card's status and DG1/DG13 against the register, "
                + "and signs its verdict")
        let bankGrant = try await gate.grant(
            BenchGrants.request(.identityVerification), .cardVerification, subject: nil,
            action: "card-verify", fields: ["cardStatus", "identity"])
        let bank = AccessRequest(
            officer: Officer(username: "bench.bank", displayName: "Bench", role: .relyingParty, jurisdiction: .nation),
            purpose: .identityVerification, requestId: "bench")

        var crypto: [Double] = []
        var direct: [Double] = []
        var gated: [Double] = []
        for round in 1...rounds {
            crypto.append(cryptoCeiling())
            direct.append(try await measure(requests) { try await verifier.verify($0, grant: bankGrant).verdict.valid })
            gated.append(try await measure(requests) { try await cardDesk.verify($0, request: bank).verdict.valid })
            print(
                String(
                    format: "round %d: crypto ceiling %.0f/s, verifier %.0f/s, through the gate with the access log %.0f/s",
                    round, crypto.last ?? 0, direct.last ?? 0, gated.last ?? 0))
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print(
            String(
                format: "median of %d rounds on %d cores: verifier %.0f/s, through the gate %.0f/s (target 2,000/s); "
                    + "reference: the same signature work alone %.0f/s; gate ÷ reference %.2f",
                rounds, cores, median(direct), median(gated), median(crypto), median(gated) / median(crypto)))
        await platform.close()
    }

    /// Applies for, approves, produces and delivers cards for the first eligible adults, unless the
    /// register has enough active cards already, and reads each through its simulated chip.
    func makeCards(_ office: CardOffice, gate: Gate, register: Register) async throws -> [CardVerificationRequest] {
        try await office.migrate()
        var ids = try await register.store.read { db in
            try db.query("SELECT card_id FROM cards WHERE status = 'active' ORDER BY card_id LIMIT ?", [.int(Int64(cards))])
                .map { try $0.string("card_id") }
        }
        if ids.count < cards {
            let candidates = try await register.store.read { db in
                try db.query(
                    """
                    SELECT personal_number FROM persons WHERE vital_status = 'alive' AND birth_year <= 2005
                    AND personal_number NOT IN (SELECT personal_number FROM cards) ORDER BY personal_number LIMIT ?
                    """, [.int(Int64(cards * 2))]
                ).map { try PersonalNumber(try $0.string("personal_number")) }
            }
            let face = try SyntheticFace.jpeg()
            for number in candidates where ids.count < cards {
                do {
                    ids.append(try await office.issueFirstCard(to: number, face: face, grant: try await BenchGrants.cardIssue(gate, number)).cardId)
                } catch CardError.invalid { continue }
            }
        }
        var requests: [CardVerificationRequest] = []
        for id in ids {
            let holder = try DanCuCard.Cards.holder(of: id)
            let (files, chipKeys) = try await office.simulatedChip(id, grant: try await BenchGrants.cardIssue(gate, holder))
            let challenge = (0..<8).map { _ in UInt8.random(in: 0...255) }
            requests.append(
                CardVerificationRequest(
                    sod: files.sod, dataGroups: files.dataGroups, challenge: challenge,
                    signature: try ActiveAuthentication.sign(challenge: challenge, with: chipKeys.activeAuthentication)))
        }
        guard !requests.isEmpty else { throw ValidationError("no eligible people for cards in \(database)") }
        return requests
    }

    /// Verifications per second from `concurrency` workers for `seconds`; every verdict must be valid.
    func measure(_ requests: [CardVerificationRequest], _ verify: @escaping @Sendable (CardVerificationRequest) async throws -> Bool) async throws -> Double {
        for request in requests.prefix(20) { guard try await verify(request) else { throw ValidationError("a fresh card did not verify") } }
        let deadline = Date().addingTimeInterval(seconds)
        let started = Date()
        let count = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var done = 0
                    var i = worker * 31
                    while Date() < deadline {
                        guard try await verify(requests[i % requests.count]) else { throw ValidationError("a verdict was not valid") }
                        done += 1
                        i += 1
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        return Double(count) / Date().timeIntervalSince(started)
    }

    /// The reference: the signature work of one verification alone (three P-256 verifications: the
    /// DS certificate, the SOD, the chip's answer; one P-256 signature: the verdict; SHA-256 of the
    /// files), on every core, with nothing else.
    func cryptoCeiling() -> Double {
        let key = P256.Signing.PrivateKey()
        let message = Data((0..<2_048).map { UInt8($0 & 0xFF) })
        let signature = (try? key.signature(for: message)) ?? (try? key.signature(for: Data()))
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let deadline = Date().addingTimeInterval(seconds / 2)
        let started = Date()
        let total = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: cores) { _ in
            var done = 0
            while Date() < deadline {
                guard let signature else { break }
                for _ in 0..<3 { _ = key.publicKey.isValidSignature(signature, for: message) }
                _ = try? key.signature(for: message)
                _ = SHA256.hash(data: message)
                done += 1
            }
            total.withLock { $0 += done }
        }
        return Double(total.withLock { $0 }) / Date().timeIntervalSince(started)
    }

    func median(_ values: [Double]) -> Double { percentile(values, 0.5) }
}
