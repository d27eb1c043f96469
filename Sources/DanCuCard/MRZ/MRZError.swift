/// Why an MRZ or a card QR payload was refused: the field at fault and what is wrong with it.
public struct CardTextError: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let detail: String

    public init(field: String, detail: String) {
        self.field = field
        self.detail = detail
    }

    public var description: String { "\(field): \(detail)" }
}
