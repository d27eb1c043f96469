public import DanCuAccess
public import DanCuCore
import Foundation

/// A member subsystem's subscription to life events: which kinds, of whom (a province's people, or a
/// watch list of personal numbers it holds, as social insurance follows its insured), the fields each
/// payload carries, and where they go: pushed to an HTTPS endpoint signed per Standard Webhooks (`v1a`
/// Ed25519 by DanCu's exchange key, or `v1` HMAC with a secret of the subscription's own), or kept for
/// the member to pull (no endpoint).
public struct Subscription: Sendable, Equatable {
    public enum Scheme: String, Sendable, Codable, CaseIterable {
        case v1a, v1
    }

    public let id: Int64
    public let subsystem: Subsystem
    public let kinds: [EventKind]
    public let provinceCode: String?
    /// Only the people of its watch list.
    public let watchList: Bool
    public let endpoint: String?
    public let scheme: Scheme
    public let fields: [String]
    public let purpose: Purpose
    public let legalBasis: String
    /// Events recorded before it are not sent.
    public let createdAt: Int64

    public init(
        id: Int64, subsystem: Subsystem, kinds: [EventKind], provinceCode: String?, watchList: Bool, endpoint: String?, scheme: Scheme,
        fields: [String], purpose: Purpose, legalBasis: String, createdAt: Int64
    ) {
        self.createdAt = createdAt
        self.id = id
        self.subsystem = subsystem
        self.kinds = kinds
        self.provinceCode = provinceCode
        self.watchList = watchList
        self.endpoint = endpoint
        self.scheme = scheme
        self.fields = fields
        self.purpose = purpose
        self.legalBasis = legalBasis
    }

    /// What a member asks for, before it is checked and stored.
    public struct Request: Sendable {
        public var kinds: [String]
        public var provinceCode: String?
        public var watch: [String]?
        public var endpoint: String?
        public var scheme: String?
        public var fields: [String]

        public init(kinds: [String], provinceCode: String? = nil, watch: [String]? = nil, endpoint: String? = nil, scheme: String? = nil, fields: [String]) {
            self.kinds = kinds
            self.provinceCode = provinceCode
            self.watch = watch
            self.endpoint = endpoint
            self.scheme = scheme
            self.fields = fields
        }
    }

    /// The most numbers one watch list holds when it is made.
    public static let largestWatchList = 100_000

    /// Checks a request; each problem names its field.
    static func check(_ request: Request, units: AdministrativeUnits) throws(RuleViolations) -> (
        kinds: [EventKind], watch: [PersonalNumber]?, scheme: Scheme
    ) {
        var problems: [RuleViolation] = []
        var kinds: [EventKind] = []
        if request.kinds.isEmpty { problems.append(RuleViolation(field: "kinds", rule: "kinds", detail: "name at least one kind of event")) }
        for (i, text) in request.kinds.enumerated() {
            if let kind = EventKind(rawValue: text) {
                kinds.append(kind)
            } else {
                problems.append(
                    RuleViolation(
                        field: "kinds[\(i)]", rule: "kind",
                        detail: "'\(text.prefix(40))' is not a kind of event: one of \(EventKind.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
        }
        if let province = request.provinceCode, units.province(province) == nil {
            problems.append(RuleViolation(field: "provinceCode", rule: "province", detail: "'\(province.prefix(8))' is not a province's code"))
        }
        if request.provinceCode == nil && request.watch == nil {
            problems.append(RuleViolation(field: "watch", rule: "scope", detail: "follow a province (provinceCode) or a watch list (watch)"))
        }
        var watch: [PersonalNumber]?
        if let numbers = request.watch {
            if numbers.isEmpty || numbers.count > largestWatchList {
                problems.append(RuleViolation(field: "watch", rule: "watch", detail: "list 1 to \(largestWatchList) personal numbers"))
            }
            var parsed: [PersonalNumber] = []
            for (i, text) in numbers.enumerated() {
                if let number = try? PersonalNumber(text) {
                    parsed.append(number)
                } else if problems.count < 20 {
                    problems.append(RuleViolation(field: "watch[\(i)]", rule: "personalNumber", detail: "is not a 12-digit personal number"))
                }
            }
            watch = parsed
        }
        if let endpoint = request.endpoint, let why = endpointProblem(endpoint) {
            problems.append(RuleViolation(field: "endpoint", rule: "endpoint", detail: why))
        }
        let scheme = Scheme(rawValue: request.scheme ?? "v1a")
        if scheme == nil { problems.append(RuleViolation(field: "scheme", rule: "scheme", detail: "is v1a (Ed25519, the default) or v1 (HMAC)")) }
        if request.fields.isEmpty { problems.append(RuleViolation(field: "fields", rule: "fields", detail: "name the fields each event carries")) }
        for (i, field) in request.fields.enumerated() where !ExchangeService.recordFields.contains(field) {
            problems.append(RuleViolation(field: "fields[\(i)]", rule: "field", detail: "'\(field.prefix(40))' is not a field of the record"))
        }
        guard problems.isEmpty, let scheme else { throw RuleViolations(problems) }
        return (kinds, watch, scheme)
    }

    /// Nil when `text` may receive deliveries: an absolute https URL, or http to this machine (a
    /// member's test receiver); no credentials in it, no fragment.
    static func endpointProblem(_ text: String) -> String? {
        guard text.utf8.count <= 2_000, let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            return "write an absolute URL: https://member.example/dancu/events"
        }
        if url.user != nil || url.password != nil || url.fragment != nil { return "no credentials or fragment in the URL" }
        let local = host == "127.0.0.1" || host == "localhost" || host == "::1"
        guard scheme == "https" || (scheme == "http" && local) else { return "deliveries go over https (http only to this machine, for tests)" }
        return nil
    }
}
