/// Where a tile or an entry bundle lives in C2SP tlog-tiles: `tile/<L>/<N>[.p/<W>]` and
/// `tile/entries/<N>[.p/<W>]`, N in zero-padded groups of three digits, all but the last prefixed by
/// `x` (1234067 is `x001/x234/067`). A tile holds 256 hashes (a bundle 256 entries); a partial one
/// holds the first W.
public struct TileAddress: Hashable, Sendable {
    public static let width = 256
    /// Level 0 holds leaf hashes; level L the hashes of full tiles of level L - 1.
    public enum Kind: Hashable, Sendable {
        case hashes(level: Int)
        case entries
    }

    public let kind: Kind
    public let index: Int64
    /// 1...256; 256 is a full tile.
    public let width: Int

    public init?(_ kind: Kind, index: Int64, width: Int = TileAddress.width) {
        if case .hashes(let level) = kind, !(0...63).contains(level) { return nil }
        guard index >= 0, (1...Self.width).contains(width) else { return nil }
        self.kind = kind
        self.index = index
        self.width = width
    }

    public var isFull: Bool { width == Self.width }

    /// The path below the log's prefix.
    public var path: String {
        let level: String
        switch kind {
        case .hashes(let l): level = String(l)
        case .entries: level = "entries"
        }
        return "tile/\(level)/\(Self.encode(index))" + (isFull ? "" : ".p/\(width)")
    }

    /// The address a path names; nil for anything but the one canonical spelling.
    public init?(path: String) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts[0] == "tile" else { return nil }
        let kind: Kind
        if parts[1] == "entries" {
            kind = .entries
        } else {
            guard let level = Int(parts[1]), String(level) == parts[1] else { return nil }
            kind = .hashes(level: level)
        }
        var width = Self.width
        if parts.count >= 4, parts[parts.count - 2].hasSuffix(".p") {
            guard let w = Int(parts[parts.count - 1]), String(w) == parts[parts.count - 1], w < Self.width else { return nil }
            width = w
            parts.removeLast()
            parts[parts.count - 1].removeLast(2)
        }
        guard let index = Self.decode(parts.dropFirst(2)), let address = TileAddress(kind, index: index, width: width),
            address.path == path
        else { return nil }
        self = address
    }

    static func encode(_ index: Int64) -> String {
        var groups: [String] = []
        var rest = index
        repeat {
            let group = String(rest % 1000)
            groups.insert(String(repeating: "0", count: 3 - group.count) + group, at: 0)
            rest /= 1000
        } while rest > 0
        return groups.enumerated().map { $0.offset < groups.count - 1 ? "x" + $0.element : $0.element }.joined(separator: "/")
    }

    static func decode(_ groups: ArraySlice<String>) -> Int64? {
        guard !groups.isEmpty, groups.count <= 7 else { return nil }
        var index: Int64 = 0
        for (i, group) in groups.enumerated() {
            let digits = i < groups.count - 1 ? (group.hasPrefix("x") ? String(group.dropFirst()) : "") : group
            guard digits.count == 3, digits.allSatisfy(\.isASCII), let value = Int64(digits), value >= 0 else { return nil }
            let (scaled, overflow) = index.multipliedReportingOverflow(by: 1000)
            let (sum, carried) = scaled.addingReportingOverflow(value)
            guard !overflow, !carried else { return nil }
            index = sum
        }
        return index
    }
}
