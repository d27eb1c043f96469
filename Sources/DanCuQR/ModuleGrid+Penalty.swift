extension ModuleGrid {
    /// The penalty of ISO/IEC 18004 §7.8.3 by which the mask is chosen: long runs, 2 × 2 blocks,
    /// patterns a reader could take for a finder, and an unbalanced share of dark modules.
    ///
    /// It is scored eight times a symbol, once for each mask, so it walks one reused line at a time with
    /// plain loops: `swift run` builds without optimisation, where closures and generic sequence
    /// methods made it most of a code's drawing time.
    func penalty() -> Int {
        let modules = dark
        var score = 0
        var line = [Bool](repeating: false, count: size)
        for fixed in 0..<size {
            for i in 0..<size { line[i] = modules[fixed * size + i] }
            score += Self.linePenalty(line)
            for i in 0..<size { line[i] = modules[i * size + fixed] }
            score += Self.linePenalty(line)
        }
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let at = y * size + x
                let colour = modules[at]
                if colour == modules[at + 1] && colour == modules[at + size] && colour == modules[at + size + 1] { score += 3 }
            }
        }
        var darkCount = 0
        for module in modules where module { darkCount += 1 }
        let total = size * size
        // Ten points for each full 5 % that the dark share strays from half.
        let k = (abs(darkCount * 20 - total * 10) + total - 1) / total - 1
        return score + max(k, 0) * 10
    }

    /// Runs of five or more modules of one colour, and the finder-like 1:1:3:1:1 with four light
    /// modules on either side (the area beyond the symbol counts as light).
    private static func linePenalty(_ line: [Bool]) -> Int {
        let count = line.count
        var score = 0
        var run = 1
        for i in 1..<count {
            if line[i] == line[i - 1] {
                run += 1
            } else {
                if run >= 5 { score += run - 2 }
                run = 1
            }
        }
        if run >= 5 { score += run - 2 }
        func light(_ from: Int, _ to: Int) -> Bool {
            for i in from..<to where i >= 0 && i < count && line[i] { return false }
            return true
        }
        var start = 0
        while start + 7 <= count {
            if line[start] && !line[start + 1] && line[start + 2] && line[start + 3] && line[start + 4] && !line[start + 5]
                && line[start + 6] && (light(start - 4, start) || light(start + 7, start + 11))
            {
                score += 40
            }
            start += 1
        }
        return score
    }
}
