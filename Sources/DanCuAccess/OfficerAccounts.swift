public import DanCuCore
public import DanCuStore
import Foundation

/// A logged-in officer's bearer token. The token itself is shown once and never stored.
public struct OfficerSession: Hashable, Sendable, Codable {
    public let token: String
    public let expiresAt: String
    public let officer: Officer
}

/// Officer accounts: creation, passwords, login with lockout, bearer tokens.
public struct OfficerAccounts: Sendable {
    public struct Policy: Sendable {
        public var tokenLifetimeSeconds: Int64 = 8 * 3600
        /// Wrong passwords from one source for one account before that source must wait.
        public var freeFailures = 5
        /// The first wait, doubled with each further failure up to `maxWaitSeconds`.
        public var firstWaitSeconds: Int64 = 60
        public var maxWaitSeconds: Int64 = 3_600
        /// Failures against one account, from all sources, within `burstWindowSeconds` that raise a security alert.
        public var burstFailures = 20
        public var burstWindowSeconds: Int64 = 600
        /// How long this process trusts a token it checked without asking the database again.
        public var tokenCacheSeconds: Int64 = 5
        /// How long a token checked before stays trusted while the database has lost its primary (no
        /// revocation can be written then either); after it the request waits for the new primary.
        public var tokenGraceDuringFailoverSeconds: Int64 = 60
        /// Roles whose officers must give a code from an authenticator app (TOTP) at every sign-in, as
        /// the deployment configures it. An officer who enrolled one gives it whatever their role.
        public var secondFactorRoles: Set<Role> = []
        public init() {}
    }

    public let store: any Store
    public let hasher: PasswordHasher
    public let policy: Policy
    let units: AdministrativeUnits
    /// Checked against when the username is unknown, so a wrong name costs as long as a wrong password.
    let decoyHash: String
    let tokens: TokenCache
    /// Sign-in times and waits.
    let clock: CivilClock
    /// Seals authenticator secrets; nil where the deployment has no master key, and then no one can enrol.
    let vault: DataVault?

    public init(
        store: any Store, hasher: PasswordHasher = PasswordHasher(), policy: Policy = Policy(),
        units: AdministrativeUnits = ReferenceData.bundled.units, clock: CivilClock = .system, vault: DataVault? = nil
    ) {
        self.store = store
        self.vault = vault
        self.clock = clock
        self.hasher = hasher
        self.policy = policy
        self.units = units
        self.decoyHash = hasher.hash(Secrets.newPassword())
        self.tokens = TokenCache(lifetimeMicros: policy.tokenCacheSeconds * 1_000_000)
    }

    public func migrate() async throws {
        try await Migrator.migrate(store, AccessSchema.migrations)
    }

    // MARK: Administration

    /// Creates an account. Without a password, one is generated and returned: the only time it is shown.
    public func add(
        username: String, displayName: String, role: Role, jurisdiction: String,
        password given: String? = nil
    ) async throws -> (officer: Officer, password: String) {
        try Self.checkUsername(username)
        guard role != .citizen else { throw AccessError.invalid(field: "role", detail: "citizens sign in with their eID, not an officer account") }
        guard role != .system else {
            throw AccessError.invalid(field: "role", detail: "the system acts through the command line and its jobs; nobody signs in as the system")
        }
        let name = displayName.nfc.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 200 else {
            throw AccessError.invalid(field: "displayName", detail: "give a name of 1 to 200 characters")
        }
        let place = try Jurisdiction(parsing: jurisdiction, units: units)
        guard place.level == role.jurisdictionLevel else {
            throw AccessError.invalid(field: "jurisdiction", detail: "a \(role.rawValue) needs a \(role.jurisdictionLevel.rawValue) jurisdiction")
        }
        let password = given ?? Secrets.newPassword()
        try PasswordHasher.check(password)
        let hash = hasher.hash(password)
        let officer = Officer(username: username, displayName: name, role: role, jurisdiction: place)
        try await store.write { db in
            guard try db.queryOne("SELECT 1 AS x FROM officers WHERE username = ?", [.text(username)]) == nil else {
                throw AccessError.officerExists(username)
            }
            let now = clock.nowMicros()
            try db.execute(
                """
                INSERT INTO officers (username, display_name, role, jurisdiction, password_hash, created_at, password_set_at)
                VALUES (?,?,?,?,?,?,?)
                """, [.text(username), .text(name), .text(role.rawValue), .text(place.description), .text(hash), .int(now), .int(now)])
        }
        return (officer, password)
    }

    public func list() async throws -> [Officer] {
        try await store.read { db in
            try db.query("SELECT username, display_name, role, jurisdiction, disabled FROM officers ORDER BY username").map(Self.officer)
        }
    }

    public func officer(_ username: String) async throws -> Officer {
        try await store.read { db in
            guard
                let row = try db.queryOne(
                    "SELECT username, display_name, role, jurisdiction, disabled FROM officers WHERE username = ?",
                    [.text(username)])
            else { throw AccessError.officerNotFound(username) }
            return try Self.officer(row)
        }
    }

    /// Disables an account and revokes its tokens at once.
    public func disable(_ username: String) async throws {
        try await changeAndRevoke(username) { db in
            try db.execute("UPDATE officers SET disabled = 1 WHERE username = ?", [.text(username)])
        }
    }

    /// Changes an existing account and revokes its tokens in one transaction, and forgets them here at once.
    func changeAndRevoke(_ username: String, _ change: @escaping @Sendable (any SQLConnection) throws -> Void) async throws {
        let now = clock.nowMicros()
        try await store.write { db in
            try Self.requireOfficer(username, db: db)
            try change(db)
            try Self.revokeAll(of: username, at: now, db: db)
        }
        tokens.forget(username: username)
    }

    public func enable(_ username: String) async throws {
        try await store.write { db in
            try Self.requireOfficer(username, db: db)
            try db.execute("UPDATE officers SET disabled = 0 WHERE username = ?", [.text(username)])
            try db.execute("DELETE FROM officer_login_failures WHERE username = ?", [.text(username)])
        }
    }

    /// Sets a new password (generated when not given), unlocks the account and revokes its tokens.
    public func resetPassword(_ username: String, to given: String? = nil) async throws -> String {
        let password = given ?? Secrets.newPassword()
        try PasswordHasher.check(password)
        let hash = hasher.hash(password)
        let now = clock.nowMicros()
        try await changeAndRevoke(username) { db in
            try db.execute("UPDATE officers SET password_hash = ?, password_set_at = ? WHERE username = ?", [.text(hash), .int(now), .text(username)])
            try db.execute("DELETE FROM officer_login_failures WHERE username = ?", [.text(username)])
        }
        return password
    }

    // MARK: Login and tokens

    /// Checks the password and issues a token. Wrong passwords are counted per account and `source` (the
    /// client's address): after `freeFailures` that source waits, twice as long after each further
    /// failure, while the officer signs in from anywhere else. An unknown username is counted and answered
    /// the same way, so an answer never tells whether an account exists.
    ///
    /// Where the officer's role needs a second factor (`Policy.secondFactorRoles`), or they enrolled
    /// one, `totp` must be a code from their authenticator app that was not used before; a wrong code
    /// counts as a failure like a wrong password.
    public func login(username: String, password: String, totp: String? = nil, source: String = "unknown") async throws -> OfficerSession {
        let now = clock.nowMicros()
        let (row, waitUntil) = try await store.read { db in
            (
                try db.queryOne(
                    """
                    SELECT username, display_name, role, jurisdiction, disabled, password_hash, totp_secret, totp_last_step
                    FROM officers WHERE username = ?
                    """, [.text(username)]),
                try db.queryOne(
                    "SELECT wait_until FROM officer_login_failures WHERE username = ? AND source = ?",
                    [.text(username), .text(source)])?["wait_until"].int ?? 0
            )
        }
        guard waitUntil <= now else {
            _ = hasher.verify(password, against: decoyHash)
            throw AccessError.throttled(untilMicros: waitUntil)
        }
        guard let row, hasher.verify(password, against: try row.string("password_hash")) else {
            if row == nil { _ = hasher.verify(password, against: decoyHash) }
            try await recordFailure(username: username, source: source, now: now)
            throw AccessError.unauthenticated("wrong username or password")
        }
        let officer = try Self.officer(row)
        guard !officer.disabled else { throw AccessError.unauthenticated("the account is disabled") }
        let step = try await secondFactorStep(officer, row: row, code: totp, source: source, now: now)
        let token = Secrets.newToken()
        let expires = now + policy.tokenLifetimeSeconds * 1_000_000
        try await store.write { db in
            if let step {
                let last = try db.queryOne("SELECT totp_last_step FROM officers WHERE username = ?", [.text(username)])?["totp_last_step"].int ?? -1
                guard step > last else { throw AccessError.secondFactor("that code was used already: wait for the next one") }
                try db.execute("UPDATE officers SET totp_last_step = ? WHERE username = ?", [.int(step), .text(username)])
            }
            try db.execute("DELETE FROM officer_login_failures WHERE username = ? AND source = ?", [.text(username), .text(source)])
            try db.execute(
                "INSERT INTO officer_tokens (token_hash, username, issued_at, expires_at) VALUES (?,?,?,?)",
                [.text(Secrets.tokenHash(token)), .text(username), .int(now), .int(expires)])
        }
        return OfficerSession(token: token, expiresAt: WallClock.iso(micros: expires), officer: officer)
    }

    /// Counts a failure of `source` against `username`, sets its wait, and raises an alert when the
    /// account's failures from all sources reach a burst.
    func recordFailure(username: String, source: String, now: Int64) async throws {
        let policy = self.policy
        try await store.write { db in
            let failures =
                (try db.queryOne(
                    "SELECT failures FROM officer_login_failures WHERE username = ? AND source = ?",
                    [.text(username), .text(source)])?["failures"].int ?? 0) + 1
            let wait = LoginThrottle.wait(afterFailures: Int(failures), policy: policy)
            try db.execute("DELETE FROM officer_login_failures WHERE username = ? AND source = ?", [.text(username), .text(source)])
            try db.execute(
                "INSERT INTO officer_login_failures (username, source, failures, wait_until, last_at) VALUES (?,?,?,?,?)",
                [.text(username), .text(source), .int(failures), .int(wait.map { now + $0 * 1_000_000 } ?? 0), .int(now)])
            let recent =
                try db.queryOne(
                    """
                    SELECT COALESCE(SUM(failures), 0) AS n FROM officer_login_failures WHERE username = ? AND last_at > ?
                    """, [.text(username), .int(now - policy.burstWindowSeconds * 1_000_000)])?["n"].int ?? 0
            if recent == Int64(policy.burstFailures) {
                try db.execute(
                    "INSERT INTO security_alerts (at, kind, subject, detail) VALUES (?,?,?,?)",
                    [
                        .int(now), .text("sign-in-burst"), .text(username),
                        .text("\(recent) failed sign-ins within \(policy.burstWindowSeconds / 60) minutes"),
                    ])
            }
        }
    }

    /// Security alerts raised since `micros`, oldest first: for administrators and auditors.
    public func securityAlerts(since micros: Int64 = 0) async throws -> [SecurityAlert] {
        try await store.read { db in
            try db.query("SELECT at, kind, subject, detail FROM security_alerts WHERE at >= ? ORDER BY id", [.int(micros)]).map {
                SecurityAlert(at: try $0.int("at"), kind: try $0.string("kind"), subject: try $0.string("subject"), detail: try $0.string("detail"))
            }
        }
    }

    /// The officer a bearer token belongs to, if the token is live and the account enabled.
    public func authenticate(token: String) async throws -> Officer {
        guard token.hasPrefix(Secrets.tokenPrefix), token.count < 200 else {
            throw AccessError.unauthenticated("not a DanCu bearer token")
        }
        let hash = Secrets.tokenHash(token)
        let now = clock.nowMicros()
        if let officer = tokens.officer(forHash: hash, now: now) { return officer }
        // While the database fails over, a token this process checked shortly before stands: asking the
        // primary would hold every request up until there is one again, including reads a standby serves.
        let read: @Sendable () async throws -> TokenCheck = { [store] in
            .row(
                try await store.readOne { db in
                    try db.queryOne(
                        """
                        SELECT o.username, o.display_name, o.role, o.jurisdiction, o.disabled, t.expires_at, t.revoked_at
                        FROM officer_tokens t JOIN officers o ON o.username = t.username WHERE t.token_hash = ?
                        """, [.text(hash)])
                })
        }
        let checked: TokenCheck
        if let known = tokens.officer(forHash: hash, now: now, within: policy.tokenGraceDuringFailoverSeconds * 1_000_000) {
            checked = try await FailoverRace(store: store).run(read, fallback: { .known(known) })
        } else {
            checked = try await read()
        }
        let found: SQLRow?
        switch checked {
        case .known(let officer): return officer
        case .row(let row): found = row
        }
        guard let row = found else { throw AccessError.unauthenticated("unknown token; log in again") }
        guard row["revoked_at"].isNull else { throw AccessError.unauthenticated("the token was revoked; log in again") }
        let expiresAt = try row.int("expires_at")
        guard expiresAt > now else { throw AccessError.unauthenticated("the token expired; log in again") }
        let officer = try Self.officer(row)
        guard !officer.disabled else { throw AccessError.unauthenticated("the account is disabled") }
        tokens.remember(officer, hash: hash, expiresAt: expiresAt, now: now)
        return officer
    }

    /// A token's row as the database gives it, or the officer this process checked it for shortly before.
    private enum TokenCheck: Sendable {
        case row(SQLRow?)
        case known(Officer)
    }

    public func logout(token: String) async throws {
        let hash = Secrets.tokenHash(token)
        try await store.write { db in
            try db.execute(
                "UPDATE officer_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
                [.int(clock.nowMicros()), .text(hash)])
        }
        tokens.forget(hash: hash)
    }

    // MARK: Rows

    static func checkUsername(_ name: String) throws(AccessError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard (3...64).contains(name.count), name.allSatisfy({ allowed.contains($0) }) else {
            throw .invalid(field: "username", detail: "use 3 to 64 of a-z, 0-9, dot, underscore and hyphen")
        }
    }

    static func requireOfficer(_ username: String, db: any SQLConnection) throws {
        guard try db.queryOne("SELECT 1 AS x FROM officers WHERE username = ?", [.text(username)]) != nil else {
            throw AccessError.officerNotFound(username)
        }
    }

    static func revokeAll(of username: String, at now: Int64, db: any SQLConnection) throws {
        try db.execute(
            "UPDATE officer_tokens SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL",
            [.int(now), .text(username)])
    }

    static func officer(_ row: SQLRow) throws -> Officer {
        let roleText = try row.string("role")
        let placeText = try row.string("jurisdiction")
        guard let role = Role(rawValue: roleText), let place = Jurisdiction(stored: placeText) else {
            throw StoreError.unexpectedValue(column: "officers.role or officers.jurisdiction")
        }
        return Officer(
            username: try row.string("username"), displayName: try row.string("display_name"), role: role,
            jurisdiction: place, disabled: try row.int("disabled") != 0)
    }
}
