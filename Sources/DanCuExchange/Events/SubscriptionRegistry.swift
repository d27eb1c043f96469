public import DanCuAccess
public import DanCuCore
public import DanCuStore
import Foundation

/// Subscriptions as members make and cancel them. Making one needs a grant of the service `events` for
/// its fields, purpose and legal basis, as any read does; the grant is judged again for every event.
public struct SubscriptionRegistry: Sendable {
    let store: any Store
    let clock: CivilClock
    let units: AdministrativeUnits
    let grants: GrantRegistry
    let vault: DataVault
    let gate: Gate

    /// What a member is told once when it subscribes: the id, and for `v1` the secret (`whsec_…`) it
    /// verifies deliveries with; DanCu keeps it sealed.
    public struct Created: Sendable {
        public let subscription: Subscription
        public let secret: String?
    }

    public func subscribe(_ request: Subscription.Request, for caller: MemberCaller) async throws -> Created {
        let checked: (kinds: [EventKind], watch: [PersonalNumber]?, scheme: Subscription.Scheme)
        do { checked = try Subscription.check(request, units: units) } catch { throw ExchangeError.invalid(error) }
        guard let purpose = Purpose(rawValue: caller.purpose) else {
            throw ExchangeRefusal.badRequest(field: ExchangeHeaders.purpose, detail: "'\(caller.purpose.prefix(60))' is not a purpose the law lists")
        }
        guard caller.kind.isGovernment else {
            throw AccessError.forbidden(
                "a member system that is not a government body follows people's life events only with each person's consent, which subscriptions do not carry yet"
            )
        }
        let policy = try await grants.policy(of: caller.subsystem)
        let question = ExchangePolicy.Question(
            subsystem: caller.subsystem, service: .events, fields: request.fields, purpose: purpose, legalBasis: caller.legalBasis, day: clock.today())
        var refusal: String?
        var document: LegalDocument?
        switch ExchangePolicy.decide(question, grants: policy.grants, documents: policy.documents) {
        case .refused(let why): refusal = why
        case .granted(_, let cited): document = cited
        }
        // The gate judges and logs it: a watch list names people, each of whom learns that this member
        // follows their life events (an entry each, before the list is kept).
        let officer = Officer(username: caller.actor, displayName: caller.name, role: .memberSystem, jurisdiction: .nation)
        let access = AccessRequest(
            officer: officer, purpose: purpose, requestId: caller.requestId, legalBasis: document?.citation ?? String(caller.legalBasis.prefix(64)))
        let grant = try await gate.grant(
            access, AccessPolicy.Need([RoleAmong([.memberSystem], else: "only member systems subscribe"), Decided(refusal: refusal)]), subject: nil,
            action: "x-subscribe", fields: ["lifeEvents"] + request.fields)
        if let watch = checked.watch { try await grant.logAccess(of: Array(Set(watch.map(\.rawValue))).sorted()) }
        let secret: [UInt8]? = checked.scheme == .v1 ? Secrets.randomBytes(24) : nil
        let now = clock.nowMicros()
        let vault = self.vault
        let id = try await store.write { db in
            let row = try db.queryOne(
                """
                INSERT INTO exchange_subscriptions (member, subsystem, kinds, province_code, watch_list, endpoint, scheme, fields, purpose,
                  legal_basis, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id
                """,
                [
                    .text(caller.subsystem.member), .text(caller.subsystem.code), .text(checked.kinds.map(\.rawValue).joined(separator: ",")),
                    SQLValue(request.provinceCode), .int(checked.watch == nil ? 0 : 1), SQLValue(request.endpoint), .text(checked.scheme.rawValue),
                    .text(request.fields.joined(separator: ",")), .text(purpose.rawValue), .text(caller.legalBasis), .int(now),
                ])
            guard let id = row?["id"].int else { throw StoreError.backend("the subscription was not given an id") }
            if let secret {
                try db.execute(
                    "UPDATE exchange_subscriptions SET secret = ? WHERE id = ?", [.blob(try vault.seal(secret, boundTo: "subscription/\(id)")), .int(id)])
            }
            if let watch = checked.watch {
                try db.bulkInsert(
                    table: "exchange_watch", columns: ["subscription_id", "personal_number"],
                    rows: Array(Set(watch.map(\.rawValue))).sorted().map { [.int(id), .text($0)] })
            }
            return id
        }
        let subscription = Subscription(
            id: id, subsystem: caller.subsystem, kinds: checked.kinds, provinceCode: request.provinceCode, watchList: checked.watch != nil,
            endpoint: request.endpoint, scheme: checked.scheme, fields: request.fields, purpose: purpose, legalBasis: caller.legalBasis,
            createdAt: now)
        return Created(subscription: subscription, secret: secret.map { "whsec_" + Data($0).base64EncodedString() })
    }

    /// The subsystem's live subscriptions.
    public func subscriptions(of subsystem: Subsystem) async throws -> [Subscription] {
        try await store.read { db in
            try db.query(
                "SELECT * FROM exchange_subscriptions WHERE member = ? AND subsystem = ? AND cancelled_at IS NULL ORDER BY id",
                [.text(subsystem.member), .text(subsystem.code)]
            ).compactMap(Self.subscription)
        }
    }

    /// Cancels one of the subsystem's subscriptions; deliveries not yet made are dropped with it.
    public func cancel(_ id: Int64, of subsystem: Subsystem) async throws {
        let now = clock.nowMicros()
        try await store.write { db in
            guard
                try db.queryOne(
                    "SELECT 1 AS x FROM exchange_subscriptions WHERE id = ? AND member = ? AND subsystem = ? AND cancelled_at IS NULL",
                    [.int(id), .text(subsystem.member), .text(subsystem.code)]) != nil
            else { throw ExchangeError.unknownSubscription(id) }
            try db.execute("UPDATE exchange_subscriptions SET cancelled_at = ? WHERE id = ?", [.int(now), .int(id)])
            try db.execute(
                "UPDATE exchange_deliveries SET dead_at = ?, last_error = 'cancelled' WHERE subscription_id = ? AND delivered_at IS NULL",
                [.int(now), .int(id)])
        }
    }

    /// Every live subscription, for the dispatcher.
    func live(in db: any SQLConnection) throws -> [Subscription] {
        try db.query("SELECT * FROM exchange_subscriptions WHERE cancelled_at IS NULL ORDER BY id").compactMap(Self.subscription)
    }

    /// The `v1` secret of a subscription, opened.
    func secret(of id: Int64, in db: any SQLConnection) throws -> [UInt8]? {
        guard let row = try db.queryOne("SELECT secret FROM exchange_subscriptions WHERE id = ?", [.int(id)]), case .blob(let sealed) = row["secret"] else {
            return nil
        }
        return try vault.open(sealed, boundTo: "subscription/\(id)")
    }

    static func subscription(_ row: SQLRow) -> Subscription? {
        guard let id = row["id"].int, let member = row["member"].string, let code = row["subsystem"].string,
            let subsystem = try? Subsystem(member: member, code: code), let kinds = row["kinds"].string,
            let scheme = row["scheme"].string.flatMap(Subscription.Scheme.init(rawValue:)), let fields = row["fields"].string,
            let purpose = row["purpose"].string.flatMap(Purpose.init(rawValue:)), let basis = row["legal_basis"].string,
            let createdAt = row["created_at"].int
        else { return nil }
        return Subscription(
            id: id, subsystem: subsystem, kinds: kinds.split(separator: ",").compactMap { EventKind(rawValue: String($0)) },
            provinceCode: row["province_code"].string, watchList: row["watch_list"].int == 1, endpoint: row["endpoint"].string, scheme: scheme,
            fields: fields.split(separator: ",").map(String.init), purpose: purpose, legalBasis: basis, createdAt: createdAt)
    }
}
