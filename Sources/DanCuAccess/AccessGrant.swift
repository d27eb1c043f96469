public import DanCuCore
@_spi(Gate) public import DanCuRegister
public import DanCuStore

/// What the gate allowed one request: who (actor, role), why (purpose, legal basis), about whom
/// (subjects), which fields, for which action. Only the gate makes grants, so a capability's function
/// that takes one can be called only after the gate has said yes; and whatever it reads or writes with
/// the grant is logged in the grant's name.
///
/// This is how capabilities above the gate (cards, eID, and the modules to come) reach personal data:
/// ask the gate for a grant (`Gate.grant`), do the work with it, and log through it (`logRead` after a
/// read; `witness` inside a write's transaction, then `relay`).
public struct AccessGrant: Sendable {
    public let request: AccessRequest
    public let action: String
    /// The people the grant is about (personal numbers, or a foreigner's account subject); empty for
    /// work about no one in particular (verifying a card that may be anyone's).
    public let subjects: [String]
    public let fields: [String]
    /// A grant for work that finds its subject as it goes (verifying a chip that may be anyone's):
    /// it reads whoever the work finds, and the work logs whom (`logRead(of:)`).
    let anySubject: Bool
    /// The request's `Idempotency-Key`, remembered with what the write creates.
    var idempotency: Idempotency?
    let gate: Gate

    init(gate: Gate, request: AccessRequest, action: String, subjects: [String], fields: [String], anySubject: Bool = false) {
        self.gate = gate
        self.anySubject = anySubject
        self.request = request
        self.action = action
        self.subjects = subjects
        self.fields = fields
    }

    /// The actor's name as the log keeps it (`com.ward.00004`, `system:import`).
    public var actor: String { request.officer.username }

    /// Whether the grant is about `subject`.
    public func covers(_ subject: String) -> Bool { subjects.contains(subject) }

    /// Refuses work on a subject the grant is not about: a capability's guard against its own mistakes.
    public func require(_ subject: String) throws {
        guard covers(subject) else { throw AccessError.forbidden("this work was allowed for other people") }
    }

    /// Logs that the grant's fields of its subjects were read (call once the read is done).
    public func logRead() async throws {
        try await gate.logRead(request, subjects: subjects, action: action, fields: fields)
    }

    /// Logs that the grant's fields of `subject`, one the register knows only after the work (the
    /// holder of a verified chip), were read.
    public func logRead(of subject: String) async throws {
        try await gate.logRead(request, subjects: [subject], action: action, fields: fields)
    }

    /// Logs the grant's fields of each of `subjects`, people the work names as it goes (a member's watch
    /// list), one entry each, in one append.
    public func logAccess(of subjects: [String]) async throws {
        guard anySubject else { throw AccessError.forbidden("this work was allowed for other people") }
        try await gate.logRead(request, subjects: subjects, action: action, fields: fields)
    }

    /// Logs work about people the grant does not name yet (a member's batch of questions taken in, to be
    /// worked through later, when each person read gets an entry of its own): one entry, about no one.
    public func logWork() async throws {
        try await gate.log.append([gate.entry(request, subject: nil, action: action, fields: fields, decision: .allowed)])
    }

    /// Writes the grant's entries inside the transaction of the change it allowed: the change and its
    /// entries commit together or not at all.
    public var witness: any RegisterWitness {
        gate.witness(request, action: action, fields: fields, idempotency: idempotency)
    }

    /// The same grant, whose witness also remembers the request's `Idempotency-Key` with what it creates.
    public func remembering(_ idempotency: Idempotency?) -> AccessGrant {
        var copy = self
        copy.idempotency = idempotency
        return copy
    }

    /// Moves what `witness` wrote into the access log (call after the change committed).
    public func relay() async throws { try await gate.relay.run() }

    /// Logs a change to data kept outside the register (a foreigner's eID account) before it is made,
    /// so that a crash between the two leaves an entry too many rather than a change unlogged.
    public func logChange() async throws {
        try await gate.log.append(
            subjects.map {
                gate.entry(request, subject: $0, action: action, fields: fields, decision: .allowed)
            })
    }

    /// The current record of one of the grant's subjects, read inside a capability's transaction (the
    /// card office personalising a chip).
    public func person(_ number: PersonalNumber, in db: any SQLConnection) throws -> VersionedPerson? {
        try require(number.rawValue)
        return try Register.current(number, in: db)
    }

    /// The current record of `number` found by the work (the holder of a chip), if the grant may read
    /// it: anyone for a grant for any subject, else only its own subjects. Nil for everyone else, as
    /// for a number the register does not have, so that the work learns nothing of them.
    public func anyPerson(_ number: PersonalNumber, in db: any SQLConnection) throws -> VersionedPerson? {
        guard anySubject || covers(number.rawValue) else { return nil }
        return try Register.current(number, in: db)
    }

    /// The current record of one of the grant's subjects, for the work's own checks (is the holder
    /// alive, of age). It is not logged apart: the work's own entry (its witness, or `logRead`) covers it.
    public func person(_ number: PersonalNumber) async throws -> VersionedPerson {
        try require(number.rawValue)
        return try await gate.register.person(number)
    }

    /// The same, from the register's store of lagging reads (a standby with `--read-database`): for
    /// work that may answer from a record a moment old (a member's verification).
    public func laggingPerson(_ number: PersonalNumber) async throws -> VersionedPerson {
        try require(number.rawValue)
        return try await gate.register.person(number, mayLag: true)
    }
}
