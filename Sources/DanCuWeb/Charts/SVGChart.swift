/// Charts for the pages and the dashboards to come, as SVG text: bars, lines and a population pyramid.
/// Pure (no I/O, no clock, no randomness), so the same figures always give the same bytes, which is what
/// the snapshot tests hold it to. Colours are presentation attributes and classes, never `style`
/// attributes, so the pages' CSP (`style-src 'self'`) needs no exception; each chart carries a title
/// and a description for screen readers, and its figures in `<title>` elements a pointer can show.
/// `id` names the chart's title and description; give each chart on a page its own.
public enum SVGChart {
    public struct Bar: Sendable, Equatable {
        public let label: String
        public let value: Double
        public init(_ label: String, _ value: Double) {
            self.label = label
            self.value = value
        }
    }

    public struct Series: Sendable, Equatable {
        public let name: String
        public let values: [Double]
        public init(_ name: String, _ values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    /// One age band of a pyramid: men to the left, women to the right.
    public struct Band: Sendable, Equatable {
        public let label: String
        public let male: Double
        public let female: Double
        public init(_ label: String, male: Double, female: Double) {
            self.label = label
            self.male = male
            self.female = female
        }
    }

    /// The palette, dark enough on white for WCAG AA text contrast.
    static let palette = ["#1f4e79", "#a4161a", "#2e7d32", "#6a1b9a", "#8d5a00", "#00695c"]

    /// Vertical bars, one per item, on a value axis from zero.
    public static func bars(_ bars: [Bar], title: String, description: String, id: String? = nil, width: Int = 640, height: Int = 320) -> String {
        var svg = SVGWriter(width: width, height: height, title: title, description: description, kind: "bars", id: id ?? "bars")
        let frame = Frame(width: width, height: height, left: 64, right: 16, top: 16, bottom: 56)
        let axis = ValueAxis(maximum: bars.map(\.value).max() ?? 0)
        svg.valueGrid(axis, frame)
        let slot = frame.plotWidth / Double(max(bars.count, 1))
        for (i, bar) in bars.enumerated() {
            let h = axis.scale(max(bar.value, 0)) * frame.plotHeight
            let x = frame.left + Double(i) * slot + slot * 0.15
            svg.rect(x: x, y: frame.bottomY - h, width: slot * 0.7, height: h, fill: palette[0], tip: "\(bar.label): \(Figures.grouped(bar.value))")
            svg.text(bar.label, x: x + slot * 0.35, y: frame.bottomY + 18, anchor: "middle", cssClass: "label")
        }
        svg.baseline(frame)
        return svg.finish()
    }

    /// One line per series over the same labelled points, with a legend.
    public static func lines(_ series: [Series], labels: [String], title: String, description: String, id: String? = nil, width: Int = 640, height: Int = 320)
        -> String
    {
        var svg = SVGWriter(width: width, height: height, title: title, description: description, kind: "lines", id: id ?? "lines")
        let frame = Frame(width: width, height: height, left: 64, right: 16, top: 16 + 20 * Double((series.count + 2) / 3), bottom: 56)
        let axis = ValueAxis(maximum: series.flatMap(\.values).max() ?? 0)
        svg.valueGrid(axis, frame)
        let step = labels.count > 1 ? frame.plotWidth / Double(labels.count - 1) : 0
        for (i, label) in labels.enumerated() {
            svg.text(label, x: frame.left + Double(i) * step, y: frame.bottomY + 18, anchor: "middle", cssClass: "label")
        }
        for (n, line) in series.enumerated() {
            let colour = palette[n % palette.count]
            let points = line.values.prefix(labels.count).enumerated().map { i, v in
                (frame.left + Double(i) * step, frame.bottomY - axis.scale(max(v, 0)) * frame.plotHeight)
            }
            svg.polyline(points, stroke: colour)
            for (i, point) in points.enumerated() {
                svg.dot(x: point.0, y: point.1, fill: colour, tip: "\(line.name), \(labels[i]): \(Figures.grouped(line.values[i]))")
            }
            svg.legend(line.name, colour: colour, index: n, frame: frame)
        }
        svg.baseline(frame)
        return svg.finish()
    }

    /// A population pyramid: age bands from the youngest at the bottom, men left and women right, on
    /// one scale so that the two sides compare.
    public static func pyramid(_ bands: [Band], title: String, description: String, id: String? = nil, width: Int = 640, height: Int = 400) -> String {
        var svg = SVGWriter(width: width, height: height, title: title, description: description, kind: "pyramid", id: id ?? "pyramid")
        let frame = Frame(width: width, height: height, left: 24, right: 24, top: 36, bottom: 40)
        let labelWidth = 64.0
        let half = (frame.plotWidth - labelWidth) / 2
        let middle = frame.left + half + labelWidth / 2
        let axis = ValueAxis(maximum: bands.flatMap { [$0.male, $0.female] }.max() ?? 0)
        let row = frame.plotHeight / Double(max(bands.count, 1))
        svg.text("Nam / Male", x: middle - labelWidth / 2 - half / 2, y: 24, anchor: "middle", cssClass: "legend")
        svg.text("Nữ / Female", x: middle + labelWidth / 2 + half / 2, y: 24, anchor: "middle", cssClass: "legend")
        for (i, band) in bands.enumerated() {
            let y = frame.bottomY - Double(i + 1) * row + row * 0.1
            let m = axis.scale(max(band.male, 0)) * half
            let f = axis.scale(max(band.female, 0)) * half
            svg.rect(
                x: middle - labelWidth / 2 - m, y: y, width: m, height: row * 0.8, fill: palette[0],
                tip: "\(band.label), nam / male: \(Figures.grouped(band.male))")
            svg.rect(
                x: middle + labelWidth / 2, y: y, width: f, height: row * 0.8, fill: palette[1],
                tip: "\(band.label), nữ / female: \(Figures.grouped(band.female))")
            svg.text(band.label, x: middle, y: y + row * 0.55, anchor: "middle", cssClass: "label")
        }
        for tick in axis.ticks where tick > 0 {
            let d = axis.scale(tick) * half
            svg.text(Figures.compact(tick), x: middle - labelWidth / 2 - d, y: frame.bottomY + 18, anchor: "middle", cssClass: "tick")
            svg.text(Figures.compact(tick), x: middle + labelWidth / 2 + d, y: frame.bottomY + 18, anchor: "middle", cssClass: "tick")
        }
        return svg.finish()
    }
}

/// The plotting area inside a chart's margins, in SVG units.
struct Frame {
    let width: Double, height: Double, left: Double, right: Double, top: Double, bottom: Double

    init(width: Int, height: Int, left: Double, right: Double, top: Double, bottom: Double) {
        self.width = Double(width)
        self.height = Double(height)
        self.left = left
        self.right = right
        self.top = top
        self.bottom = bottom
    }

    var plotWidth: Double { max(width - left - right, 1) }
    var plotHeight: Double { max(height - top - bottom, 1) }
    var bottomY: Double { height - bottom }
}

/// A value axis from zero to a round maximum (1, 2, 2.5 or 5 times a power of ten) at or above the
/// data's, with four or five ticks.
struct ValueAxis {
    let top: Double
    let ticks: [Double]

    init(maximum given: Double) {
        // Nothing to show (or nothing sensible): the axis of a chart whose values reach 1. Beyond a
        // million million (or below a millionth) no national figure lies, and the arithmetic below would
        // leave the range where it is exact.
        let maximum = given.isFinite && given > 0 ? min(max(given, 1e-6), 1e12) : 1
        var magnitude = 1.0
        while magnitude * 10 <= maximum { magnitude *= 10 }
        while magnitude > maximum { magnitude /= 10 }
        let top = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= maximum } ?? magnitude * 10
        let step = top / (abs(top / magnitude - 2) < 1e-9 ? 4 : 5)
        self.top = top
        ticks = (0...Int((top / step).rounded())).map { Double($0) * step }
    }

    /// Where `value` sits between zero and the top, from 0 to 1.
    func scale(_ value: Double) -> Double { min(max(value / top, 0), 1) }
}

/// Figures as Vietnamese write them: a dot between thousands, a comma before decimals.
enum Figures {
    static func grouped(_ value: Double) -> String {
        guard value.isFinite, value.magnitude < 1e15 else { return value.isFinite ? String(value) : "—" }
        let rounded = (value * 10).rounded() / 10
        let whole = Int(rounded.magnitude.rounded(.down))
        var digits = String(whole)
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(digits, at: 0)
        let tenth = Int(((rounded.magnitude - Double(whole)) * 10).rounded())
        return (rounded < 0 ? "−" : "") + groups.joined(separator: ".") + (tenth > 0 ? ",\(tenth)" : "")
    }

    /// Short, for an axis: 2,5 tr (triệu, millions), 500 nghìn (thousands), 1,2 tỷ (billions).
    static func compact(_ value: Double) -> String {
        switch value.magnitude {
        case 1e9...: grouped(value / 1e9) + " tỷ"
        case 1e6...: grouped(value / 1e6) + " tr"
        case 1e4...: grouped(value / 1e3) + " nghìn"
        default: grouped(value)
        }
    }
}
