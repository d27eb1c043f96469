public import DanCuAccess
public import DanCuCard
public import DanCuCore
import DanCuEID
public import DanCuExchange
public import DanCuQuality
public import DanCuRegister
import DanCuServices
public import DanCuStore
public import DanCuTransparency
public import DanCuWeb
import Foundation
public import Logging
public import ServiceLifecycle

/// DanCu's composition root: the stores, the register with its followers, the gate, every capability
/// behind it, and the services that run beside them. `dancu serve`, every other command, the test
/// harness and the benchmarks build it here, so nothing is wired twice.
public struct Platform: Sendable {
    public let configuration: AppConfiguration
    /// The register as the gate holds it (its followers revoke cards and lock the eID on a death). Only
    /// the gate and the commands' bulk work over it (`dancu seed`, `import`) use it directly.
    public let register: Register
    /// What the HTTP edge may use.
    public let services: Services
    public let cardKeys: CardKeyStore?
    /// The member systems of the exchange gateway, their subsystems and keys.
    public let members: MemberRegistry
    /// Every person's quality measures, kept up to date by a follower of the register's announcements.
    public let quality: QualityScores
    /// The register's suspected duplicates, waiting for review.
    public let duplicates: DuplicateQueue
    /// The stores this platform opened and closes when it stops; empty when the caller owns them.
    let ownedStores: [any Store]

    public var gate: Gate { services.gate }
    /// The exchange gateway; nil without card keys (its signing key is sealed with their master key).
    public var exchange: ExchangeGateway? { services.exchange }

    /// Opens the stores the configuration names, wires everything over them and brings every schema up
    /// to date. Close it with `close()`, or run `lifecycleServices` and let them close it.
    /// `spoolingReads`: on PostgreSQL, reads' log entries wait in the data directory's spool while the
    /// database fails over (`AccessLogSpool`); a server's choice. A command (import, export) waits for
    /// the primary instead: its work needs the primary anyway, and it leaves a running server's spool alone.
    public static func open(_ configuration: AppConfiguration, clock: CivilClock = .system, spoolingReads: Bool = true) async throws -> Platform {
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let store = try StoreFactory.open(configuration.database)
        var opened: [any Store] = [store]
        do {
            let standby = try configuration.readDatabase.map { try StoreFactory.open($0) }
            opened += [standby].compactMap { $0 }
            let (log, index) = try StoreFactory.openAccessLog(forRegister: configuration.database)
            opened += [log, index].compactMap { $0 }
            // On PostgreSQL, reads' entries wait in a file of this server's while the database fails over.
            let spool =
                log == nil && spoolingReads
                ? try StoreFactory.open("sqlite:" + configuration.dataDirectory + "/dancu-access-log-spool.sqlite", for: .appendOnlyLog) : nil
            opened += [spool].compactMap { $0 }
            // Written once a file and read seldom: each written once, with a rollback journal.
            let files = try StoreFactory.attachmentsURL(forRegister: configuration.database).map { try StoreFactory.open($0, for: .writeOnceContent) }
            opened += [files].compactMap { $0 }
            let keys = try TransparencyKeys(dataDirectory: configuration.dataDirectory).signers(origin: configuration.transparencyOrigin)
            let platform = try assemble(
                configuration, store: store, logStore: log, logIndexStore: index,
                cardKeys: try CardKeyStore(dataDirectory: configuration.dataDirectory), checkpointSigners: keys, clock: clock,
                owning: opened, laggingReads: standby, spool: spool, attachments: files)
            try await platform.prepare()
            return platform
        } catch {
            for store in opened { await store.close() }
            throw error
        }
    }

    /// Wires everything over stores the caller opened. The access log goes to `logStore` (see `Gate`),
    /// nil keeping it in `store`; on SQLite its subject index goes to `logIndexStore`. With `cardKeys`
    /// holding a CSCA, the card office, eID and the OpenID Connect provider are open; without, they are
    /// nil and their routes answer 503. `checkpointSigners` sign the transparency log's checkpoints;
    /// without, a key made for this process alone does. `laggingReads` (a standby) serves the reads that
    /// may lag (`Register.laggingReads`). `spool` keeps read entries while the log's database fails over
    /// (`AccessLogSpool`). `attachments` keeps the content of public services' attachments (nil: the
    /// register's store). Nothing here touches the database: `prepare()` does.
    public static func assemble(
        _ configuration: AppConfiguration, store: any Store, logStore: (any Store)? = nil,
        logIndexStore: (any Store)? = nil, cardKeys: CardKeyStore?, checkpointSigners: (current: NoteSigner, previous: [NoteSigner])? = nil,
        reference: ReferenceData = .bundled, clock: CivilClock = .system, owning: [any Store] = [], laggingReads: (any Store)? = nil,
        spool: (any Store)? = nil, attachments: (any Store)? = nil
    ) throws -> Platform {
        let metrics = WebMetrics()
        let measured = metrics.instrument(store)
        var register = Register(store: measured, reference: reference, clock: clock)
        if let laggingReads { register = register.readingLagging(from: metrics.instrument(laggingReads)) }
        let hasCards = cardKeys?.hasCSCA == true
        if hasCards {
            // A death revokes the cards and locks the eID in the transaction that records it.
            register = register.followed(by: DeathRevokesCards()).followed(by: DeathLocksEID())
        }
        let gate = Gate(
            register: register, logStore: logStore.map(metrics.instrument), logIndexStore: logIndexStore.map(metrics.instrument),
            spool: spool.map(AccessLogSpool.init))
        let hasher = PasswordHasher(cost: configuration.bcryptCost)
        var cards: Cards?
        var eid: EIDService?
        var oidc: OIDCProvider?
        if let cardKeys, hasCards {
            let office = CardOffice(store: measured, reference: reference, keys: cardKeys, clock: clock)
            cards = Cards(gate: gate, office: office, verifier: try CardVerifier(office: office))
            eid = EIDService(store: measured, cards: office, gate: gate, hasher: hasher)
            oidc = OIDCProvider(issuer: configuration.issuer, store: measured, cardKeys: cardKeys, gate: gate)
        }
        var policy = OfficerAccounts.Policy()
        policy.secondFactorRoles = configuration.officerSecondFactorRoles
        let accounts = OfficerAccounts(
            store: measured, hasher: hasher, policy: policy, units: reference.units, clock: clock,
            vault: cardKeys?.vault(purpose: "officer secrets"))
        let members = MemberRegistry(store: measured, clock: clock)
        let exchange = cardKeys.map {
            ExchangeGateway(
                gate: gate, members: members, store: measured, vault: $0.vault(purpose: "exchange signing keys"), units: reference.units,
                cards: cards, logStore: logStore.map(metrics.instrument), sequencedLeaves: gate.sequencedLeaves)
        }
        var publicServices = ServiceDesk(
            store: measured, gate: gate, catalogue: try ProcedureCatalogue.load(adding: configuration.procedures.map { URL(fileURLWithPath: $0) }),
            calendar: try configuration.workingCalendar.map { path in try WorkingCalendar.read(try Data(contentsOf: URL(fileURLWithPath: path)), file: path) }
                ?? WorkingCalendar.bundled(),
            units: reference.units)
        if let cards { publicServices = publicServices.issuingCards(with: cards.office) }
        if let cardKeys {
            publicServices = publicServices.keepingAttachments(in: cardKeys.vault(purpose: "service attachments"), files: attachments.map(metrics.instrument))
        }
        if let cardKeys, hasCards {
            let signer = try cardKeys.resultSigner(now: Date(timeIntervalSince1970: Double(clock.nowMicros()) / 1e6))
            publicServices = publicServices.sealingDocuments(
                with: try DocumentSeal(signer: signer), trustList: try DocumentSeal.trustList(signers: try cardKeys.resultSigners(), csca: try cardKeys.csca()))
        }
        var quality = QualityScores(
            store: measured, gate: gate, reference: reference, today: { clock.today() }, now: { clock.nowMicros() })
        if let exchange { quality = quality.reading(deathNotices: { try await exchange.deathNotices(among: $1, for: $0) }) }
        if let cards {
            quality = quality.reading(issuedCards: { request, numbers in
                try await cards.validCards(of: numbers, for: request).mapValues { QualityContext.IssuedCard(issuedOn: $0.issuedOn, validUntil: $0.expiresOn) }
            })
        }
        let services = Services(
            gate: gate, accounts: accounts, metrics: metrics, reference: reference, health: DatabaseHealth(measured),
            cards: cards, eid: eid, oidc: oidc, exchange: exchange,
            transparency: try publicLog(
                configuration, store: logStore.map(metrics.instrument) ?? measured, signers: checkpointSigners,
                entries: LoggedEntries(withMessageLog: exchange != nil), sequenced: gate.sequencedLeaves, clock: clock),
            publicServices: publicServices,
            quality: QualityDesk(store: measured, gate: gate, scores: quality, units: reference.units, now: { clock.nowMicros() }))
        let duplicates = DuplicateQueue(store: measured, gate: gate, reference: reference, now: { clock.nowMicros() })
        return Platform(
            configuration: configuration, register: register, services: services, cardKeys: cardKeys,
            members: members, quality: quality, duplicates: duplicates, ownedStores: owning)
    }

    /// The public transparency log over the access log's store, signed with `signers` (or a key of
    /// this process's own), keeping the cosignatures of the configured witnesses.
    static func publicLog(
        _ configuration: AppConfiguration, store: any Store, signers: (current: NoteSigner, previous: [NoteSigner])?,
        entries: LoggedEntries, sequenced: SequencedLeaves, clock: CivilClock
    ) throws -> PublicLog {
        guard let signers = signers ?? NoteSigner.generate(name: configuration.transparencyOrigin).map({ ($0, []) }) else {
            throw TransparencyKeys.Failure.unreadable("a new key")
        }
        let checkpoints = Checkpoints(
            store: store, origin: signers.current.verifier.name, signer: signers.current, previous: signers.previous, entries: entries,
            sequenced: sequenced, now: { clock.nowMicros() })
        return PublicLog(checkpoints: checkpoints, witnesses: configuration.transparencyWitnesses.compactMap(NoteVerifier.init(vkey:)))
    }

    /// Brings every schema up to date (the register's, the access log's, the officers', the card
    /// office's, eID's, the exchange gateway's) and relays what a crash left in the access log's outbox.
    public func prepare() async throws {
        try await register.migrate()
        try await members.migrate()
        try await quality.migrate()
        try await services.prepare()
    }

    /// What runs beside the HTTP server, in the order a service group starts them; it stops them in
    /// reverse, after the server has drained: the access log's indexer, then its relay (a last run
    /// moves every entry still in the outbox), then the checkpoints' publisher (a last checkpoint), then the stores close.
    public func lifecycleServices(logger: Logger) -> [any Service] {
        // The checkpoints' publisher stops after everything that appends, so its last checkpoint covers all.
        var services: [any Service] = [StoreClosing(stores: ownedStores)]
        services += self.services.transparency.map { [CheckpointPublishing(log: $0, logger: logger)] } ?? []
        services += [AccessLogRelaying(gate: gate, logger: logger), AccessLogIndexing(gate: gate, logger: logger)]
        if gate.spool != nil { services.append(AccessLogSpoolRelaying(gate: gate, logger: logger)) }
        services += exchange.map { [ExchangeDelivering(gateway: $0, logger: logger), BatchVerifying(gateway: $0, logger: logger)] } ?? []
        services += self.services.publicServices.map { [AttachmentSweeping(desk: $0, logger: logger)] } ?? []
        return services + [QualityFollowing(quality: quality, logger: logger), DatabaseWatch(health: self.services.health, logger: logger)]
    }

    /// Relays what the access log's spool holds, if it has one, then closes the stores it opened; for
    /// commands and for a server that failed before its service group ran. Entries left in a spool
    /// reach the log only when something next starts on this data directory.
    public func close(logger: Logger = Logger(label: "dancu")) async {
        await AccessLogSpoolRelaying.drain(gate, logger: logger)
        for store in ownedStores { await store.close() }
    }
}
