import Foundation

/// A progress bar on standard error for long runs; on a non-terminal it prints a line every few seconds.
struct Progress {
    let total: Int
    let label: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var lastDrawn = -1
    private let isTerminal = isatty(2) != 0

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    mutating func update(_ done: Int, force: Bool = false) {
        let now = Date()
        let interval = isTerminal ? 0.2 : 5.0
        guard force || now.timeIntervalSince(lastDraw) >= interval else { return }
        lastDraw = now
        lastDrawn = done
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let rate = Int(Double(done) / elapsed)
        var line = "\(label) \(done)"
        if total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let filled = Int(fraction * 30)
            line =
                "\(label) [" + String(repeating: "=", count: filled) + String(repeating: " ", count: 30 - filled)
                + "] \(Int(fraction * 100))% \(done)/\(total)"
        }
        line += " \(rate)/s"
        FileHandle.standardError.write(Data((isTerminal ? "\r" + line : line + "\n").utf8))
    }

    mutating func finish(_ done: Int) {
        if lastDrawn != done { update(done, force: true) }
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    var elapsed: TimeInterval { Date().timeIntervalSince(start) }
}
