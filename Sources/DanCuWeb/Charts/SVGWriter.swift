/// Builds one SVG document: the root with its accessible name, then shapes, in order. Numbers are
/// written with at most one decimal, so output is stable across platforms.
struct SVGWriter {
    private var parts: [String]

    init(width: Int, height: Int, title: String, description: String, kind: String, id: String) {
        parts = [
            ##"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-\##(kind)" viewBox="0 0 \##(width) \##(height)" width="\##(width)" height="\##(height)" role="img" aria-labelledby="\##(Self.escape(id))-title \##(Self.escape(id))-desc" font-family="system-ui, sans-serif" font-size="12">"##,
            "<title id=\"\(Self.escape(id))-title\">\(Self.escape(title))</title>",
            "<desc id=\"\(Self.escape(id))-desc\">\(Self.escape(description))</desc>",
        ]
    }

    mutating func finish() -> String {
        parts.append("</svg>")
        return parts.joined(separator: "\n") + "\n"
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, tip: String) {
        parts.append(
            ##"<rect x="\##(n(x))" y="\##(n(y))" width="\##(n(width))" height="\##(n(height))" fill="\##(fill)"><title>\##(Self.escape(tip))</title></rect>"##)
    }

    mutating func dot(x: Double, y: Double, fill: String, tip: String) {
        parts.append(##"<circle cx="\##(n(x))" cy="\##(n(y))" r="3.5" fill="\##(fill)"><title>\##(Self.escape(tip))</title></circle>"##)
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String) {
        let list = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        parts.append(##"<polyline points="\##(list)" fill="none" stroke="\##(stroke)" stroke-width="2"/>"##)
    }

    mutating func text(_ text: String, x: Double, y: Double, anchor: String, cssClass: String) {
        parts.append(##"<text x="\##(n(x))" y="\##(n(y))" text-anchor="\##(anchor)" class="\##(cssClass)" fill="#1b2733">\##(Self.escape(text))</text>"##)
    }

    mutating func valueGrid(_ axis: ValueAxis, _ frame: Frame) {
        for tick in axis.ticks {
            let y = frame.bottomY - axis.scale(tick) * frame.plotHeight
            parts.append(
                ##"<line x1="\##(n(frame.left))" y1="\##(n(y))" x2="\##(n(frame.width - frame.right))" y2="\##(n(y))" stroke="#d5dde5" stroke-width="1"/>"##)
            text(Figures.compact(tick), x: frame.left - 6, y: y + 4, anchor: "end", cssClass: "tick")
        }
    }

    mutating func baseline(_ frame: Frame) {
        parts.append(
            ##"<line x1="\##(n(frame.left))" y1="\##(n(frame.bottomY))" x2="\##(n(frame.width - frame.right))" y2="\##(n(frame.bottomY))" stroke="#1b2733" stroke-width="1"/>"##
        )
    }

    /// Three legend entries to a row above the plot.
    mutating func legend(_ name: String, colour: String, index: Int, frame: Frame) {
        let x = frame.left + Double(index % 3) * (frame.plotWidth / 3)
        let y = 16 + Double(index / 3) * 20
        parts.append(##"<rect x="\##(n(x))" y="\##(n(y - 9))" width="12" height="12" fill="\##(colour)"/>"##)
        text(name, x: x + 18, y: y + 1, anchor: "start", cssClass: "legend")
    }

    /// A number with at most one decimal and no trailing zero: 12, 12.5.
    private func n(_ value: Double) -> String {
        // A coordinate outside any drawing (or not a number) is pinned rather than allowed to trap.
        let tenths = Int(((value.isFinite ? value : 0) * 10).rounded().clamped(to: -1e12...1e12))
        let whole = tenths / 10
        let rest = abs(tenths % 10)
        return (tenths < 0 && whole == 0 ? "-" : "") + "\(whole)" + (rest == 0 ? "" : ".\(rest)")
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}

extension Double {
    fileprivate func clamped(to range: ClosedRange<Double>) -> Double { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}
