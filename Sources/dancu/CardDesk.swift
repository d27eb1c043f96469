import ArgumentParser
import DanCuAccess
import DanCuApp
import DanCuCard
import DanCuCore
import DanCuRegister
import DanCuStore
import DanCuWeb
import Foundation

/// What every `dancu card` command needs: the database, the card keys, and the gate, entered as a named
/// officer with the purpose 'identity-card'. The command line is a counter like any other: the gate
/// decides and logs each step.
struct CardDeskOptions: ParsableArguments {
    @OptionGroup var db: PlatformOptions
    @Option(help: "The officer account doing this (see `dancu officer list`).") var officer: String

    struct Desk {
        let gate: Gate
        /// Nil where there are no card keys (`run(purpose:cards: false)`).
        let cardsIfKeys: Cards?
        let request: AccessRequest

        var cards: Cards {
            get throws {
                guard let cardsIfKeys else { throw ValidationError("no CSCA: run `dancu keys csca init` first") }
                return cardsIfKeys
            }
        }
    }

    /// Opens everything, runs `body`, closes the stores, and turns a refusal into a message and exit 1.
    func run(purpose: Purpose = .identityCard, _ body: (Desk) async throws -> Void) async throws {
        try await run(purpose: purpose, cards: true) { desk in try await body(desk) }
    }

    /// The same; without `cards`, the card keys are used when there are some and not required.
    func run(purpose: Purpose, cards needed: Bool, _ body: (Desk) async throws -> Void) async throws {
        let configuration = try await db.configuration()
        let keys: CardKeyStore
        do { keys = try CardKeyStore(dataDirectory: configuration.dataDirectory) } catch { throw ValidationError("\(error)") }
        guard keys.hasCSCA || !needed else { throw ValidationError("no CSCA in \(keys.directory.path): run `dancu keys csca init` first") }
        let platform = try await db.open(configuration)
        do {
            let who = try await platform.services.accounts.officer(officer)
            guard !who.disabled else { throw AccessError.forbidden("the account \(officer) is disabled") }
            let request = AccessRequest(officer: who, purpose: purpose, requestId: "cli-" + UUID().uuidString.lowercased())
            try await body(Desk(gate: platform.gate, cardsIfKeys: platform.services.cards, request: request))
            await platform.close()
        } catch let error as ValidationError {
            await platform.close()
            throw error
        } catch let error as ExitCode {
            await platform.close()
            throw error
        } catch {
            await platform.close()
            FileHandle.standardError.write(Data("error: \(Self.message(error))\n".utf8))
            throw ExitCode(1)
        }
    }

    static func message(_ error: any Error) -> String {
        switch error {
        case let e as CardError: e.description
        case let e as AccessError: e.description
        case let e as RegisterError: e.description
        case let e as CardKeyStore.KeyStoreError: e.description
        default: "\(error)"
        }
    }
}

enum CardText {
    static func describe(_ card: IdentityCard) -> String {
        var lines = [
            "card \(card.cardId)  \(card.status.rawValue)  version \(card.version)  \(card.kind.rawValue)"
                + (card.reason.map { " (\($0.rawValue))" } ?? "")
        ]
        if let issued = card.issuedOn {
            lines.append("  issued \(issued), \(card.expiresOn.map { "valid until \($0)" } ?? "valid for life"), signed by DS \(card.documentSigner ?? "?")")
        }
        for e in card.events {
            lines.append(
                "  \(e.seq). \(WallClock.iso(micros: e.at))  \(e.event) → \(e.status.rawValue)  by \(e.officer)"
                    + (e.reason.map { "  (\($0))" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ verdict: CardVerdict) -> String {
        var lines = [verdict.valid ? "VALID: every check passed" : "NOT VALID"]
        for check in verdict.checks {
            lines.append("  \(check.passed ? "pass" : "FAIL")  \(check.name)" + (check.reason.map { "  (\($0))" } ?? ""))
        }
        if let card = verdict.cardId { lines.append("card \(card), verdict \(verdict.verdictId)") }
        return lines.joined(separator: "\n")
    }

    static func read(_ path: String, what: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(what) \(path)") }
        return [UInt8](data)
    }
}
