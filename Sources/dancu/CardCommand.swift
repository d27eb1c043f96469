import ArgumentParser
import DanCuAccess
import DanCuCard
import DanCuCore
import Foundation

struct CardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card", abstract: "Identity cards: applications, their life, their chips, and verification.",
        subcommands: [Apply.self, Approve.self, Produce.self, Deliver.self, ReportLost.self, Revoke.self, Show.self, Verify.self])

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take an application for a person, with their biometrics.")
        @OptionGroup var desk: CardDeskOptions
        @Argument(help: "The applicant's personal number.") var number: String
        @Option(help: "first, renewal or reissue.") var kind: String = "first"
        @Option(help: "renewal-age, expired, data-changed (renewal); lost, stolen, damaged (reissue).") var reason: String?
        @Option(help: "The face image, a JPEG file.") var face: String?
        @Flag(name: .customLong("synthetic-face"), help: "Use DanCu's drawn demo face (not of any person).") var syntheticFace = false
        @Option(name: .customLong("fingerprint"), help: "A fingerprint template file (repeat up to 10).") var fingerprints: [String] = []
        @Option(name: .customLong("iris"), help: "An iris template file (repeat up to 2).") var irises: [String] = []

        func run() async throws {
            let n: PersonalNumber
            do { n = try PersonalNumber(number) } catch { throw ValidationError("personal number: \(error)") }
            guard let kind = CardApplication.Kind(rawValue: kind) else {
                throw ValidationError("--kind must be one of \(CardApplication.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let reason = try reason.map { text in
                guard let r = CardApplication.Reason(rawValue: text) else {
                    throw ValidationError("--reason must be one of \(CardApplication.Reason.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return r
            }
            guard face == nil || !syntheticFace else { throw ValidationError("give --face or --synthetic-face, not both") }
            let faceBytes = try face.map { try CardText.read($0, what: "face image") } ?? (syntheticFace ? try SyntheticFace.jpeg() : nil)
            let biometrics = Biometrics(
                face: faceBytes, fingerprints: try fingerprints.map { try CardText.read($0, what: "fingerprint") },
                irises: try irises.map { try CardText.read($0, what: "iris") })
            try await desk.run { d in
                let created = try await d.cards.apply(
                    for: n, CardApplication(kind: kind, reason: reason, biometrics: biometrics),
                    idempotency: nil, request: d.request)
                print(CardText.describe(created.value))
            }
        }
    }

    /// The commands that record one event on a card.
    static func record(_ event: CardEvent, _ desk: CardDeskOptions, card: String, reason: String?) async throws {
        try await desk.run { d in
            // The officer at the desk acts on the card as it is now: its version is read first (and logged).
            let current = try await d.cards.card(card, request: d.request)
            print(
                CardText.describe(
                    try await d.cards.record(
                        event, on: card, reason: reason, expectedVersion: current.version,
                        request: d.request)))
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve an application (province and central officers).")
        @OptionGroup var desk: CardDeskOptions
        @Argument(help: "The card id, like 001080000201-1.") var card: String
        @Flag(help: "Refuse the application instead; give --reason.") var refuse = false
        @Option var reason: String?
        func run() async throws { try await CardCommand.record(refuse ? .refuse : .approve, desk, card: card, reason: reason) }
    }

    struct Produce: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Personalise the chip and sign it (central officers).")
        @OptionGroup var desk: CardDeskOptions
        @Argument(help: "The card id.") var card: String
        func run() async throws { try await CardCommand.record(.produce, desk, card: card, reason: nil) }
    }

    struct Deliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hand the card over; it is active from now and replaces the card it renews.")
        @OptionGroup var desk: CardDeskOptions
        @Argument(help: "The card id.") var card: String
        func run() async throws { try await CardCommand.record(.deliver, desk, card: card, reason: nil) }
    }

    struct ReportLost: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "report-lost", abstract: "Record that a card was lost (or stolen, or damaged).")
        @OptionGroup var desk: CardDeskOptions
        @Argument(help: "The card id.") var card: String
        @Flag(help: "Stolen rather than lost.") var stolen = false
        @Flag(help: "Damaged rather than lost.") var damaged = false
        @Option var reason: String?
        func run() async throws {
            guard !(stolen && damaged) else { throw ValidationError("give --stolen or --damaged, not both") }
            try await CardCommand.record(stolen ? .reportStolen : damaged ? .reportDamaged : .reportLost, desk, card: card, reason: reason)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a card (province and central officers); give --reason.")
        @OptionGroup var desk: CardDeskOptions
        @Argument(help: "The card id.") var card: String
        @Option var reason: String
        func run() async throws { try await CardCommand.record(.revoke, desk, card: card, reason: reason) }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a card (by id) or a person's cards (by personal number).")
        @OptionGroup var desk: CardDeskOptions
        @Argument(help: "A card id or a personal number.") var id: String
        @Option(name: .customLong("chip-out"), help: "Also write the chip's files (EF.COM, DG<n>.bin, EF.SOD) and CSCA.cer into this directory.")
        var chipOut: String?

        func run() async throws {
            try await desk.run { d in
                if let number = try? PersonalNumber(id) {
                    let cards = try await d.cards.cards(of: number, request: d.request)
                    print(cards.isEmpty ? "\(number) has no card" : cards.map(CardText.describe).joined(separator: "\n"))
                    return
                }
                print(CardText.describe(try await d.cards.card(id, request: d.request)))
                guard let chipOut else { return }
                let files = try await d.cards.chip(id, request: d.request)
                try FileManager.default.createDirectory(atPath: chipOut, withIntermediateDirectories: true)
                var written = [("EF.COM", files.efCOM), ("EF.SOD", files.sod), ("CSCA.cer", try d.cards.office.keys.csca().derCertificate())]
                written += files.dataGroups.sorted { $0.key < $1.key }.map { ("DG\($0.key).bin", $0.value) }
                for (name, bytes) in written { try Data(bytes).write(to: URL(fileURLWithPath: chipOut).appendingPathComponent(name)) }
                print("wrote \(written.map(\.0).joined(separator: ", ")) to \(chipOut)")
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a chip as a relying party would: from files read off a card (--chip DIR), or a card of this register "
                + "read through its simulated chip with active authentication. Exits 1 unless every check passes.")
        @OptionGroup var desk: CardDeskOptions
        @Argument(help: "A card id (its simulated chip is read), unless --chip is given.") var card: String?
        @Option(help: "A directory with EF.SOD and DG<n>.bin files.") var chip: String?

        func run() async throws {
            guard (card == nil) != (chip == nil) else { throw ValidationError("give a card id or --chip DIR") }
            var valid = false
            try await desk.run(purpose: .identityVerification) { d in
                let request: CardVerificationRequest
                if let chip {
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: chip)) ?? []
                    var groups: [Int: [UInt8]] = [:]
                    for name in names where name.hasPrefix("DG") && name.hasSuffix(".bin") {
                        if let n = Int(name.dropFirst(2).dropLast(4)) { groups[n] = try CardText.read(chip + "/" + name, what: "data group") }
                    }
                    request = CardVerificationRequest(sod: try CardText.read(chip + "/EF.SOD", what: "EF.SOD"), dataGroups: groups)
                } else {
                    let (files, keys) = try await d.cards.simulatedChip(card ?? "", request: d.request)
                    let challenge = (0..<8).map { _ in UInt8.random(in: 0...255) }
                    request = CardVerificationRequest(
                        sod: files.sod, dataGroups: files.dataGroups, challenge: challenge,
                        signature: try ActiveAuthentication.sign(challenge: challenge, with: keys.activeAuthentication))
                }
                let signed = try await d.cards.verify(request, request: d.request)
                print(CardText.describe(signed.verdict))
                valid = signed.verdict.valid
            }
            if !valid { throw ExitCode(1) }
        }
    }
}
