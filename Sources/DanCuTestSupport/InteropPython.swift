import Foundation

/// The independent checkers under `Tests/interop/`, run with the Python `DANCU_INTEROP_PYTHON` names
/// (`.ci/run` makes one with the PyPI packages they need).
public enum InteropPython {
    public static var python: String? { ProcessInfo.processInfo.environment["DANCU_INTEROP_PYTHON"] }

    /// Runs `script` with `arguments`; its exit status and everything it printed.
    public static func run(_ python: String, script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
