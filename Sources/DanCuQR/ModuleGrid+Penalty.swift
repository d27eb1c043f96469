extension ModuleGrid {
    /// The penalty of ISO/IEC 18004 §7.8.3 by which the mask is chosen: long runs, 2 × 2 blocks,
    /// patterns a reader could take for a finder, and an unbalanced share of dark modules.
    func penalty() -> Int {
        var score = 0
        for line in 0..<size {
            score += linePenalty((0..<size).map { self[$0, line] })
            score += linePenalty((0..<size).map { self[line, $0] })
        }
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let colour = self[x, y]
                if colour == self[x + 1, y] && colour == self[x, y + 1] && colour == self[x + 1, y + 1] { score += 3 }
            }
        }
        var darkCount = 0
        for y in 0..<size { for x in 0..<size where self[x, y] { darkCount += 1 } }
        let total = size * size
        // Ten points for each full 5 % that the dark share strays from half.
        let k = (abs(darkCount * 20 - total * 10) + total - 1) / total - 1
        return score + max(k, 0) * 10
    }

    /// Runs of five or more modules of one colour, and the finder-like 1:1:3:1:1 with four light
    /// modules on either side (the area beyond the symbol counts as light).
    private func linePenalty(_ line: [Bool]) -> Int {
        var score = 0
        var run = 1
        for i in 1..<line.count {
            if line[i] == line[i - 1] {
                run += 1
            } else {
                if run >= 5 { score += run - 2 }
                run = 1
            }
        }
        if run >= 5 { score += run - 2 }
        let finder: [Bool] = [true, false, true, true, true, false, true]
        func light(_ range: Range<Int>) -> Bool { range.allSatisfy { $0 < 0 || $0 >= line.count || !line[$0] } }
        for start in 0...(line.count - finder.count) where line[start..<start + finder.count].elementsEqual(finder) {
            if light(start - 4..<start) || light(start + 7..<start + 11) { score += 40 }
        }
        return score
    }
}
