public import DanCuCore
import DanCuRegister

/// One line of a batch: reading its question, and writing its result as one JSON object on one line,
/// keys in a fixed order, so results compare byte for byte and the result file's digest is stable.
public enum BatchLine {
    public enum Outcome: Sendable, Equatable {
        case answered(VerifyAnswer)
        /// The line is not a well-formed question (400 had it come alone).
        case invalid(RuleViolation)
        /// The gate refused it (403 had it come alone), with the reason it gives.
        case refused(String)
    }

    /// The question on one line (without its `\n`).
    public static func read(_ line: ArraySlice<UInt8>) -> Result<VerifyQuestion, RuleViolation> {
        if line.count > LineChunker.maxLineBytes {
            return .failure(RuleViolation(field: "body", rule: "line-length", detail: "the line is longer than \(LineChunker.maxLineBytes) bytes"))
        }
        if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
            return .failure(RuleViolation(field: "body", rule: "required", detail: "the line is empty"))
        }
        do { return .success(try VerifyQuestion.read(json: line)) } catch { return .failure(error) }
    }

    /// `{"line":N,"personalNumber":"match","match":true,"fields":{…},"alive":true}` for an answer,
    /// `{"line":N,"error":{"status":400,"field":…,"rule":…,"detail":…}}` for a line that could not be.
    public static func write(_ outcome: Outcome, line: Int64, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"line":\#(line),"#.utf8)
        switch outcome {
        case .answered(let answer):
            out.append(contentsOf: #""personalNumber":"\#(answer.personalNumber.rawValue)","match":\#(answer.matches),"fields":{"#.utf8)
            for (i, name) in answer.fields.keys.sorted().enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: #""\#(name)":"\#(answer.fields[name]?.rawValue ?? "")""#.utf8)
            }
            out.append(UInt8(ascii: "}"))
            if let alive = answer.alive { out.append(contentsOf: #","alive":\#(alive)"#.utf8) }
            out.append(UInt8(ascii: "}"))
        case .invalid(let problem):
            out.append(
                contentsOf:
                    #""error":{"status":400,"field":\#(quoted(problem.field)),"rule":\#(quoted(problem.rule)),"detail":\#(quoted(problem.detail))}}"#
                    .utf8)
        case .refused(let why):
            out.append(contentsOf: #""error":{"status":403,"detail":\#(quoted(why))}}"#.utf8)
        }
        out.append(UInt8(ascii: "\n"))
    }

    static func quoted(_ text: String) -> String { PersonJSONWriter.quoted(text) }
}
