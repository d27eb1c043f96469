import Dispatch
import Foundation

/// Work over `0..<count` shared out between the cores (at most eight) in contiguous runs, run at once.
enum EveryCore {
    /// How many runs `share` makes of `count` items.
    static func workers(_ count: Int) -> Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8, count)) }

    /// `work(w, run)` for each worker `w` and its run of indices (never empty), all at once.
    static func share(_ count: Int, _ work: @Sendable (Int, Range<Int>) -> Void) {
        let workers = workers(count)
        let chunk = (count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let start = w * chunk
            let end = min(count, start + chunk)
            guard start < end else { return }
            work(w, start..<end)
        }
    }

    /// `work(run)` for each run, all at once; what each gave, in the order of the runs.
    static func perRun<T: Sendable>(_ count: Int, _ work: @Sendable (Range<Int>) -> T) -> [T] {
        var results = [T?](repeating: nil, count: workers(count))
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            share(count) { w, run in out[w] = work(run) }
        }
        return results.compactMap { $0 }
    }
}
