import Foundation
import Testing

@testable import DanCuWeb

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The chart builder's output, held to committed SVG files (`Snapshots/`): a change to a chart's bytes
/// fails here until the new picture is looked at and recorded with `DANCU_RECORD_SNAPSHOTS=1 swift test
/// --filter SVGChartTests`.
@Suite struct SVGChartTests {
    static let ageBands: [SVGChart.Band] = [
        .init("0–9", male: 7_950_000, female: 7_420_000), .init("10–19", male: 7_610_000, female: 7_030_000),
        .init("20–29", male: 7_380_000, female: 7_120_000), .init("30–39", male: 7_900_000, female: 7_850_000),
        .init("40–49", male: 6_910_000, female: 6_870_000), .init("50–59", male: 5_610_000, female: 5_890_000),
        .init("60–69", male: 3_720_000, female: 4_250_000), .init("70–79", male: 1_390_000, female: 1_930_000),
        .init("80+", male: 520_000, female: 1_080_000),
    ]

    static func bars() -> String {
        SVGChart.bars(
            [.init("Hà Nội", 8_685_600), .init("TP. Hồ Chí Minh", 9_521_900), .init("Đà Nẵng", 1_245_200), .init("Cần Thơ", 1_258_900)],
            title: "Dân số theo tỉnh / Population by province", description: "Bốn thành phố trực thuộc trung ương")
    }

    static func lines() -> String {
        SVGChart.lines(
            [.init("Khai sinh / Births", [1_420, 1_380, 1_510, 1_470]), .init("Khai tử / Deaths", [620, 640, 610, 700])],
            labels: ["T1", "T2", "T3", "T4"], title: "Sự kiện hộ tịch theo tháng / Civil events by month",
            description: "Khai sinh và khai tử, bốn tháng đầu năm")
    }

    static func pyramid() -> String {
        SVGChart.pyramid(ageBands, title: "Tháp dân số / Population pyramid", description: "Nam bên trái, nữ bên phải, theo nhóm tuổi 10 năm")
    }

    @Test(arguments: ["bars", "lines", "pyramid"])
    func matchesItsSnapshot(name: String) throws {
        let svg =
            switch name {
            case "bars": Self.bars()
            case "lines": Self.lines()
            default: Self.pyramid()
            }
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name).svg")
        if ProcessInfo.processInfo.environment["DANCU_RECORD_SNAPSHOTS"] == "1" {
            try Data(svg.utf8).write(to: file)
        }
        let recorded = try #require(FileManager.default.contents(atPath: file.path), "no snapshot \(file.path): record it")
        #expect(String(decoding: recorded, as: UTF8.self) == svg, "the \(name) chart changed: look at it, then record it")
    }

    @Test func everyChartIsWellFormedXMLWithAnAccessibleName() throws {
        for svg in [Self.bars(), Self.lines(), Self.pyramid()] {
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
            #expect(svg.contains(#"role="img""#) && svg.contains("<title id=") && svg.contains("<desc id="))
            #expect(!svg.contains("style="))  // the pages' CSP allows no inline style
        }
    }

    @Test func aLabelCannotBreakOutOfTheDrawing() throws {
        let svg = SVGChart.bars([.init(#"<script>alert("x")</script> & co"#, 3)], title: "<b>t</b>", description: "d'")
        #expect(!svg.contains("<script>") && !svg.contains("<b>"))
        #expect(svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"))
        #expect(XMLParser(data: Data(svg.utf8)).parse())
    }

    @Test func figuresNoChartCanHoldStillMakeAWellFormedChart() throws {
        for values in [[1e300, 5], [1e-320, 0], [.infinity, .nan], [-.greatestFiniteMagnitude, 3]] {
            let svg = SVGChart.bars(values.enumerated().map { .init("v\($0.offset)", $0.element) }, title: "t", description: "d")
            #expect(XMLParser(data: Data(svg.utf8)).parse())
            let pyramid = SVGChart.pyramid([.init("0–9", male: values[0], female: values[1])], title: "t", description: "d", width: Int.max / 2)
            #expect(XMLParser(data: Data(pyramid.utf8)).parse())
        }
    }

    @Test func barsAreInProportionToTheirValues() throws {
        let svg = SVGChart.bars([.init("a", 100), .init("b", 50), .init("c", 0)], title: "t", description: "d")
        let heights = svg.split(separator: "\n").filter { $0.hasPrefix("<rect") }.compactMap { line -> Double? in
            guard let range = line.range(of: #"height=""#) else { return nil }
            return Double(line[range.upperBound...].prefix { $0 != "\"" })
        }
        #expect(heights.count == 3)
        #expect(heights[0] == 2 * heights[1] && heights[2] == 0)
    }

    @Test func thePyramidPutsBothSidesOnOneScale() throws {
        let svg = SVGChart.pyramid([.init("0–9", male: 200, female: 100)], title: "t", description: "d")
        let widths = svg.split(separator: "\n").filter { $0.hasPrefix("<rect") }.compactMap { line -> Double? in
            guard let range = line.range(of: #"width=""#) else { return nil }
            return Double(line[range.upperBound...].prefix { $0 != "\"" })
        }
        #expect(widths.count == 2 && widths[0] == 2 * widths[1])
    }

    @Test(arguments: [(0.0, 1.0), (7.0, 10.0), (10.0, 10.0), (11.0, 20.0), (2_100.0, 2_500.0), (9_521_900.0, 10_000_000.0), (0.3, 0.5)])
    func theValueAxisEndsOnARoundNumberAtOrAboveTheData(maximum: Double, top: Double) {
        let axis = ValueAxis(maximum: maximum)
        #expect(abs(axis.top - top) < 1e-9)
        #expect(axis.ticks.first == 0 && abs((axis.ticks.last ?? 0) - axis.top) < 1e-9 && (4...6).contains(axis.ticks.count))
    }

    @Test func figuresAreWrittenTheVietnameseWay() {
        #expect(Figures.grouped(9_521_900) == "9.521.900")
        #expect(Figures.grouped(1_245.5) == "1.245,5")
        #expect(Figures.grouped(0) == "0")
        #expect(Figures.grouped(-1_500) == "−1.500")
        #expect(Figures.compact(2_500_000) == "2,5 tr" && Figures.compact(500_000) == "500 nghìn" && Figures.compact(1_500) == "1.500")
    }
}
