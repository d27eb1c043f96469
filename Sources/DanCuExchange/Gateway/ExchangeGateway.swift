public import DanCuAccess
public import DanCuCard
public import DanCuCore
public import DanCuStore
public import DanCuTransparency
import Foundation
import Synchronization

/// The data-exchange gateway: member systems sign their requests (RFC 9421), the gateway checks the
/// signature, digest, freshness and nonce, judges the request by the subsystem's grants (deny by
/// default) through the gate, answers only what is granted, signs the answer bound to the request, and
/// keeps both in the message log.
public final class ExchangeGateway: Sendable {
    public let members: MemberRegistry
    public let grants: GrantRegistry
    public let consents: ConsentLedger
    public let messages: MessageLog
    public let keys: ExchangeSigningKeys
    public let subscriptions: SubscriptionRegistry
    public let feed: EventFeed
    public let linkedRecords: LinkedRecords
    /// The card office, whose cards lost, stolen or revoked members may follow; nil without one.
    public let cards: Cards?
    let gate: Gate
    let nonces: NonceLedger
    let signer: SignerCache
    let settings: SettingsCache
    let batches: BatchStore
    public var clock: CivilClock { gate.clock }

    /// How far a signature's `created` may lie from now, either way, in seconds.
    public static let window = 60

    /// The nonce ledger and the message log, appended to by every request, go to `logStore` when given
    /// (on SQLite the access log's file): in the register's own file every such commit would make each
    /// reader drop its page cache and its map of the file, which cost more than the reads themselves.
    /// `sequencedLeaves`: where the message log's leaves wait for the integration of the tree in that
    /// store (the gate's, when the gate's access log shares it).
    public init(
        gate: Gate, members: MemberRegistry, store: any Store, vault: DataVault, units: AdministrativeUnits, cards: Cards? = nil,
        logStore: (any Store)? = nil, sequencedLeaves: SequencedLeaves? = nil
    ) {
        let logs = logStore ?? store
        self.cards = cards
        self.gate = gate
        self.members = members
        grants = GrantRegistry(store: store, clock: gate.clock, units: units)
        consents = ConsentLedger(store: store, clock: gate.clock)
        messages = MessageLog(store: logs, sequenced: sequencedLeaves)
        keys = ExchangeSigningKeys(store: store, vault: vault, clock: gate.clock)
        nonces = NonceLedger(store: logs)
        signer = SignerCache()
        settings = SettingsCache(members: members, grants: grants)
        subscriptions = SubscriptionRegistry(store: store, clock: gate.clock, units: units, grants: grants, vault: vault, gate: gate)
        feed = EventFeed(store: store)
        linkedRecords = LinkedRecords(store: store, clock: gate.clock)
        batches = BatchStore(store: store)
    }

    /// Fans announced life events out to subscriptions.
    public var dispatcher: EventDispatcher { EventDispatcher(gateway: self, subscriptions: subscriptions, store: grants.store) }
    /// Pushes deliveries to members' endpoints.
    public var deliverer: WebhookDeliverer { WebhookDeliverer(gateway: self, subscriptions: subscriptions, store: grants.store) }

    /// Where the logs live apart from the register: makes their tables there and moves in what an older
    /// version kept in the register's file (`ExchangeLogMove`). Nothing to do where they share a database.
    public func prepareLogs() async throws {
        let logs = messages.store
        if logs.location != grants.store.location {
            try await Migrator.migrate(logs, ExchangeSchema.logMigrations)
            try await ExchangeLogMove.run(from: grants.store, to: logs)
        }
        try await Migrator.migrate(logs, ExchangeSchema.leafMigrations)
        try await Migrator.migrate(logs, ExchangeSchema.nonceMigrations)
        try await MessageLog.backfillLeaves(logs)
    }

    /// Traffic per member, subsystem and service, from the message log.
    public var traffic: ExchangeTraffic { ExchangeTraffic(store: messages.store) }

    /// Makes DanCu's signing key if there is none yet (the tables are migrated by `members.migrate()`).
    /// Otherwise the first answer makes it: a command that opens the platform never needs it.
    public func prepare() async throws {
        _ = try await currentSigner()
    }

    /// What a verified request brings: its caller, and the signature the answer is bound to.
    public struct Authenticated: Sendable {
        public let caller: MemberCaller
        public let verified: MessageVerifier.Verified
        /// The digest content still to come must match (nil when the content was checked already).
        public let promised: ContentDigest.Expectation?
        /// The nonce claim still to be made with the request's message-log line (`MessageLog.append(_:claiming:)`)
        /// when `authenticate` was asked to leave it; nil when it was claimed already.
        public let unclaimedNonce: NonceClaim?
    }

    /// The components every request's signature must cover; `content-digest` too when it has content.
    public static func requiredComponents(hasContent: Bool) -> [CoveredComponent] {
        [CoveredComponent("@method"), CoveredComponent("@target-uri")] + (hasContent ? [CoveredComponent("content-digest")] : [])
            + [CoveredComponent("dancu-purpose"), CoveredComponent("dancu-legal-basis")]
    }

    /// Checks a member's request: digest, signature, key, freshness, nonce. Throws the `ExchangeRefusal`
    /// that names the first check that failed.
    /// A `body` of nil is content still to come (a batch of millions of lines): the request must then
    /// carry `Content-Digest`, and `Authenticated.promised` is what the content must match once read.
    ///
    /// `leavingTheNonceClaim`, for a request that changes nothing (a verification, a read): the nonce is
    /// claimed in the transaction of the request's message-log line, one commit a request fewer. A replay
    /// is then refused after its read (logged, as every read is) and before its answer leaves. A request
    /// that writes claims its nonce here, before anything it asks is done.
    public func authenticate(
        _ request: HTTPMessage, body: [UInt8]?, requestId: String, leavingTheNonceClaim: Bool = false
    ) async throws -> Authenticated {
        let hasContent = body.map { !$0.isEmpty } ?? true
        var promised: ContentDigest.Expectation?
        if let digest = request.field("content-digest") {
            do {
                if let body { try ContentDigest.verify(digest, body: body) } else { promised = try ContentDigest.Expectation(digest) }
            } catch {
                throw ExchangeRefusal.digest(error)
            }
        } else if hasContent {
            throw ExchangeRefusal.missingDigest
        }
        let cited: MessageVerifier.Cited
        do { cited = try MessageVerifier.cite(request) } catch { throw ExchangeRefusal.signature(error) }
        guard let keyId = cited.parameters.keyId else { throw ExchangeRefusal.signature(.missingParameter("keyid")) }
        let settings = try await self.settings.lookup(keyId)
        let found: (Subsystem, VerificationKey, MemberSystem.Kind, String)
        switch settings.status {
        case .active(let subsystem, let key, let kind, let name): found = (subsystem, key, kind, name)
        case .unknown: throw ExchangeRefusal.signature(.unknownKey(keyId))
        case .revoked: throw ExchangeRefusal.keyRevoked(keyId)
        case .disabled(let subsystem): throw ExchangeRefusal.memberDisabled(subsystem.identifier)
        }
        let now = gate.clock.nowMicros()
        let verifier = MessageVerifier(
            policy: .init(required: Self.requiredComponents(hasContent: hasContent), requiredParameters: ["created", "keyid", "nonce"], window: Self.window))
        let verified: MessageVerifier.Verified
        do {
            verified = try verifier.verify(cited, message: request, now: Int(now / 1_000_000)) { $0 == keyId ? found.1 : nil }
        } catch {
            throw ExchangeRefusal.signature(error)
        }
        guard let nonce = verified.parameters.nonce, (8...128).contains(nonce.utf8.count) else {
            throw ExchangeRefusal.signature(.malformed("the nonce must be 8 to 128 characters"))
        }
        let created = Int64(verified.parameters.created ?? 0)
        let claim = NonceClaim(keyId: keyId, nonce: nonce, now: now, expiresAt: (created + Int64(Self.window) + 1) * 1_000_000)
        if !leavingTheNonceClaim {
            guard try await nonces.claim(claim) else { throw ExchangeRefusal.nonceReplayed }
        }
        var caller = MemberCaller(
            subsystem: found.0, kind: found.2, name: found.3, keyId: keyId, requestId: requestId,
            purpose: request.field(ExchangeHeaders.purpose) ?? "", legalBasis: request.field(ExchangeHeaders.legalBasis) ?? "",
            consent: request.field(ExchangeHeaders.consent))
        caller.policy = settings.policy
        return Authenticated(caller: caller, verified: verified, promised: promised, unclaimedNonce: leavingTheNonceClaim ? claim : nil)
    }

    /// The components DanCu's answer covers: its status and content, and the request's method, target
    /// and signature, so the answer cannot be shown as the answer to another request.
    public static let answerComponents = [
        CoveredComponent("@status"), CoveredComponent("content-type"), CoveredComponent("content-digest"),
        CoveredComponent("@method", fromRequest: true), CoveredComponent("@target-uri", fromRequest: true),
        CoveredComponent("signature", fromRequest: true),
    ]

    /// A signed answer's new fields (`Content-Digest`, `Signature-Input`, `Signature`) and what was signed.
    public struct SignedAnswer: Sendable {
        public let fields: [(name: String, value: String)]
        public let base: String
        public let signature: String
    }

    /// Signs an answer. Bound to `request` when its signature verified; an answer to a request that was
    /// refused before (no usable signature) covers only itself.
    public func sign(_ answer: HTTPMessage, body: [UInt8], request: HTTPMessage?) async throws -> SignedAnswer {
        try await sign(answer, digest: ContentDigest.header(for: body), request: request)
    }

    /// Signs an answer whose content is streamed and whose `Content-Digest` was worked out before (a
    /// batch's results, digested when the batch finished).
    public func sign(_ answer: HTTPMessage, digest: String, request: HTTPMessage?) async throws -> SignedAnswer {
        let signer = try await currentSigner()
        var answer = answer
        answer.fields.append(("Content-Digest", digest))
        let components = request == nil ? Array(Self.answerComponents.prefix(3)) : Self.answerComponents
        let created = Int(gate.clock.nowMicros() / 1_000_000)
        let (input, signature, base) = try signer.signWithBase(answer, request: request, covering: components, created: created)
        return SignedAnswer(fields: [("Content-Digest", digest), ("Signature-Input", input), ("Signature", signature)], base: base, signature: signature)
    }

    func currentSigner() async throws -> MessageSigner {
        if let cached = signer.value { return cached }
        let loaded = try await keys.current()
        signer.value = loaded
        return loaded
    }
}

/// DanCu's signing key once read from the database: opening it on every answer would cost a read and a
/// decryption each time.
final class SignerCache: Sendable {
    private let stored = Mutex<MessageSigner?>(nil)
    var value: MessageSigner? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
