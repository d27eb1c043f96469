extension QRCode {
    /// The light margin of four modules that readers need around the symbol.
    public static let quietZone = 4

    /// An SVG image of the symbol with its quiet zone, one unit a module, dark runs as one path; drawn
    /// `pixelsPerModule` wide when given, so that a screen shows whole pixels a module.
    public func svg(title: String? = nil, pixelsPerModule: Int? = nil) -> String {
        let side = size + 2 * Self.quietZone
        let dimensions = pixelsPerModule.map { " width=\"\(side * $0)\" height=\"\(side * $0)\"" } ?? ""
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                var run = 1
                while x + run < size && isDark(x: x + run, y: y) { run += 1 }
                path += "M\(x + Self.quietZone) \(y + Self.quietZone)h\(run)v1h-\(run)z"
                x += run
            }
        }
        let label = title.map { "<title>\(Self.escaped($0))</title>" } ?? ""
        return """
            <svg xmlns="http://www.w3.org/2000/svg"\(dimensions) viewBox="0 0 \(side) \(side)" shape-rendering="crispEdges" role="img">\(label)\
            <rect width="\(side)" height="\(side)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }

    /// A greyscale PNG of the symbol with its quiet zone, `scale` pixels a module.
    public func png(scale: Int = 4) -> [UInt8] {
        let side = (size + 2 * Self.quietZone) * max(scale, 1)
        var rows: [UInt8] = []
        rows.reserveCapacity(side * (side + 1))
        for py in 0..<side {
            rows.append(0)  // filter type: none
            let y = py / max(scale, 1) - Self.quietZone
            for px in 0..<side {
                let x = px / max(scale, 1) - Self.quietZone
                let dark = x >= 0 && x < size && y >= 0 && y < size && isDark(x: x, y: y)
                rows.append(dark ? 0 : 255)
            }
        }
        return PNG.greyscale(width: side, height: side, rows: rows)
    }

    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }
}
