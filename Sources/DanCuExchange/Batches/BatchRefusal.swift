public import DanCuCore

/// Why a batch verification was not taken, or its results cannot be read yet. Nothing in it is about a
/// person: a batch of another subsystem is as unknown as one that never was.
public enum BatchRefusal: Error, Equatable, Sendable {
    case tooLarge(String)
    case busy
    case empty
    case unknown
    case notFinished(status: BatchJob.Status, processed: Int64, lines: Int64)
    case failed(String)
}

extension BatchRefusal: Refusal {
    public var status: Int {
        switch self {
        case .tooLarge: 413
        case .busy: 429
        case .empty: 400
        case .unknown: 404
        case .notFinished, .failed: 409
        }
    }

    public var slug: String {
        switch self {
        case .tooLarge: "exchange-batch-too-large"
        case .busy: "exchange-batch-busy"
        case .empty: "bad-request"
        case .unknown: "exchange-not-found"
        case .notFinished: "exchange-batch-not-finished"
        case .failed: "exchange-batch-failed"
        }
    }

    public var title: String {
        switch self {
        case .tooLarge: "The batch is too large"
        case .busy: "Too many batches in progress"
        case .empty: "The request is not valid"
        case .unknown: "Not found"
        case .notFinished: "The batch is not finished"
        case .failed: "The batch failed"
        }
    }

    public var violations: [RuleViolation] {
        switch self {
        case .tooLarge(let detail): [RuleViolation(field: "body", rule: "batch-size", detail: detail)]
        case .empty: [RuleViolation(field: "body", rule: "required", detail: description)]
        default: []
        }
    }

    public var headers: [String: String] {
        switch self {
        case .busy: ["Retry-After": "60"]
        case .notFinished: ["Retry-After": "5"]
        default: [:]
        }
    }

    public var description: String {
        switch self {
        case .tooLarge(let detail): detail
        case .busy: "this subsystem has \(BatchJob.maxUnfinished) batches unfinished: wait for one to finish"
        case .empty: "the batch has no lines: send one JSON object a line (application/x-ndjson)"
        case .unknown: "no batch of this subsystem has this id"
        case .notFinished(let status, let processed, let lines): "the batch is \(status.rawValue): \(processed) of \(lines) lines done"
        case .failed(let why): "the batch failed: \(why)"
        }
    }
}
